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

class Pep440VersionTest {
    @TempDir
    Path dir;

    @Test
    void ordersPep440sExamples() {
        List<String> ascending = List.of("1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
                "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5",
                "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1");
        for (int i = 0; i + 1 < ascending.size(); i++) {
            assertThat(Pep440Version.ORDER.compare(ascending.get(i), ascending.get(i + 1)))
                    .as(ascending.get(i) + " < " + ascending.get(i + 1)).isNegative();
        }
        assertThat(Pep440Version.ORDER.compare("1.0", "1.0.0")).isZero();
        assertThat(Pep440Version.ORDER.compare("v1.0-1", "1.0.post1")).isZero();
        assertThat(Pep440Version.ORDER.compare("1!0.1", "2.0")).isPositive();
        assertThat(Pep440Version.ORDER.compare("1.0c1", "1.0rc1")).isZero();
    }

    /** Generated pairs, each ordered by Python's {@code packaging} (the reference implementation pip uses). */
    @Test
    void agreesWithPythonPackagingOnGeneratedPairs() throws IOException {
        PeerTools.assumeInstalled("python3");
        PeerRequirement.require(PeerTools.runAllowingFailure(null, "python3", "-c", "import packaging.version").ok(),
                "python3 packaging not installed: apt-get install python3-packaging");
        Random r = new Random(440);
        String[] parts = {"", "a1", "b2", "rc1", "c3", ".post1", "-2", ".dev0", ".dev3", "a1.dev2", ".post2.dev1",
                "+local.1", "+abc", "+1.2", "alpha4", ".pre1", "-rev5"};
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String a = version(r, parts);
            String b = r.nextInt(3) == 0 ? a.replace(".0", "") : version(r, parts);
            pairs.add(new String[]{a, b});
        }
        StringBuilder in = new StringBuilder();
        pairs.forEach(p -> in.append(p[0]).append(' ').append(p[1]).append('\n'));
        Path file = Files.writeString(dir.resolve("pairs.txt"), in);
        String script = "import sys\nfrom packaging.version import Version\nfor line in open(sys.argv[1]):\n"
                + "    a, b = line.split()\n    x, y = Version(a), Version(b)\n"
                + "    print('<' if x < y else '=' if x == y else '>')\n";
        String[] answers = PeerTools.run(Duration.ofMinutes(2), dir, List.of("python3", "-c", script, file.toString()))
                .stdout().split("\n");
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            int expected = answers[i].equals("<") ? -1 : answers[i].equals("=") ? 0 : 1;
            int got = Integer.signum(Pep440Version.ORDER.compare(pairs.get(i)[0], pairs.get(i)[1]));
            if (got != expected) {
                wrong.add(pairs.get(i)[0] + " " + answers[i] + " " + pairs.get(i)[1] + " but got " + got);
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String version(Random r, String[] parts) {
        StringBuilder v = new StringBuilder();
        if (r.nextInt(8) == 0) {
            v.append(r.nextInt(2)).append('!');
        }
        v.append(r.nextInt(3));
        for (int i = r.nextInt(3); i > 0; i--) {
            v.append('.').append(r.nextInt(3));
        }
        v.append(parts[r.nextInt(parts.length)]);
        return v.toString();
    }
}
