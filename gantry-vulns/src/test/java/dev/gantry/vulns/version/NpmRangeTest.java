package dev.gantry.vulns.version;

import dev.gantry.testing.PeerRequirement;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NpmRangeTest {
    /** Where Debian's node-semver package installs the library. */
    static final Path NODE_SEMVER = Path.of("/usr/share/nodejs/semver");

    @TempDir
    Path dir;

    /** Examples from node-semver's README, each range with versions in and out. */
    @Test
    void desugarsAsNodeSemversReadmeDescribes() {
        in("^1.2.3", "1.2.3", "1.9.9");
        out("^1.2.3", "2.0.0", "1.2.2", "1.3.0-beta");
        in("^0.2.3", "0.2.3", "0.2.9");
        out("^0.2.3", "0.3.0");
        in("^0.0.3", "0.0.3");
        out("^0.0.3", "0.0.4");
        in("^1.2.3-beta.2", "1.2.3-beta.4", "1.2.4");
        out("^1.2.3-beta.2", "1.2.4-beta.2");
        in("^0.0.x", "0.0.9");
        out("^0.0.x", "0.1.0");
        in("~1.2.3", "1.2.9");
        out("~1.2.3", "1.3.0");
        in("~1", "1.9.9");
        in("~>1.2", "1.2.0");
        in(">=1 <2 || 3.x", "1.5.0", "3.9.1");
        out(">=1 <2 || 3.x", "2.0.0", "4.0.0", "3.0.0-rc.1");
        in("1.2.3 - 2.3.4", "1.2.3", "2.3.4");
        out("1.2.3 - 2.3.4", "2.3.5");
        in("1.2 - 2.3", "1.2.0", "2.3.9");
        out("1.2 - 2.3", "2.4.0");
        in("*", "0.0.1");
        out("*", "1.0.0-alpha");
        in("", "3.0.0");
        in(">1", "2.0.0");
        out(">1", "1.9.9");
        in("<=1.2", "1.2.9");
        out("<=1.2", "1.3.0");
        in(">= 1.2.3 < 1.3", "1.2.5");
        out("01.2.3", "1.2.3");
        out("^1.2.3", "not-a-version");
        in("1.2.3+build", "1.2.3");
    }

    private static void in(String range, String... versions) {
        for (String v : versions) {
            assertThat(NpmRange.satisfies(v, range)).as(v + " in '" + range + "'").isTrue();
        }
    }

    private static void out(String range, String... versions) {
        for (String v : versions) {
            assertThat(NpmRange.satisfies(v, range)).as(v + " not in '" + range + "'").isFalse();
        }
    }

    /** Generated ranges and versions, each answered by node-semver itself (Debian's node-semver under node). */
    @Test
    void agreesWithNodeSemverOnGeneratedCases() throws IOException {
        PeerTools.assumeInstalled("node");
        PeerRequirement.require(Files.isDirectory(NODE_SEMVER), "node-semver not installed: apt-get install node-semver");
        Random r = new Random(1729);
        List<String[]> cases = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            cases.add(new String[]{version(r), range(r)});
        }
        StringBuilder in = new StringBuilder();
        cases.forEach(c -> in.append(c[0]).append('\t').append(c[1]).append('\n'));
        Path file = Files.writeString(dir.resolve("cases.tsv"), in);
        String script = "const semver = require('semver');\n"
                + "const lines = require('fs').readFileSync(process.argv[1], 'utf8').split('\\n');\n"
                + "const out = [];\n"
                + "for (const line of lines) { if (!line) continue; const [v, r] = line.split('\\t');"
                + " out.push(semver.satisfies(v, r) ? 'y' : 'n'); }\n"
                + "console.log(out.join('\\n'));\n";
        String[] answers = PeerTools.run(Duration.ofMinutes(2), dir, List.of("env", "NODE_PATH=" + NODE_SEMVER.getParent(),
                "node", "-e", script, file.toString())).stdout().split("\n");
        assertThat(answers).hasSize(cases.size());
        List<String> wrong = new ArrayList<>();
        int yes = 0;
        for (int i = 0; i < cases.size(); i++) {
            boolean expected = answers[i].equals("y");
            yes += expected ? 1 : 0;
            if (NpmRange.satisfies(cases.get(i)[0], cases.get(i)[1]) != expected) {
                wrong.add("'" + cases.get(i)[0] + "' in '" + cases.get(i)[1] + "': node-semver says " + expected);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(yes).as("both answers are well represented").isBetween(cases.size() / 10, cases.size() * 9 / 10);
    }

    private static final String[] PRE = {"", "", "", "-alpha", "-alpha.1", "-beta.2", "-0", "-rc.1", "-1", "-beta"};

    private static String version(Random r) {
        String v = r.nextInt(3) + "." + r.nextInt(3) + "." + r.nextInt(3) + PRE[r.nextInt(PRE.length)];
        return switch (r.nextInt(20)) {
            case 0 -> "v" + v;
            case 1 -> v + "+build.5";
            case 2 -> "0" + v; // a leading zero: invalid
            default -> v;
        };
    }

    private static String partial(Random r) {
        String[] x = {"x", "X", "*"};
        String major = r.nextInt(8) == 0 ? x[r.nextInt(3)] : Integer.toString(r.nextInt(3));
        return switch (r.nextInt(6)) {
            case 0 -> major;
            case 1 -> major + "." + (r.nextInt(4) == 0 ? x[r.nextInt(3)] : r.nextInt(3));
            case 2 -> major + "." + r.nextInt(3) + ".x";
            default -> major + "." + r.nextInt(3) + "." + r.nextInt(3) + PRE[r.nextInt(PRE.length)];
        };
    }

    private static String comparator(Random r) {
        String[] ops = {"", "=", "<", "<=", ">", ">=", "^", "~", "~>", "> ", ">= ", "^ "};
        return ops[r.nextInt(ops.length)] + partial(r);
    }

    private static String set(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> partial(r) + " - " + partial(r);
            case 1 -> comparator(r) + " " + comparator(r);
            case 2 -> comparator(r) + "  " + comparator(r) + " " + comparator(r);
            default -> comparator(r);
        };
    }

    private static String range(Random r) {
        String range = set(r);
        for (int i = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0; i > 0; i--) {
            range += (r.nextBoolean() ? " || " : "||") + set(r);
        }
        return r.nextInt(30) == 0 ? "" : range;
    }
}
