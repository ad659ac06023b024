package dev.gantry.vulns.version;

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

class DpkgVersionTest {
    @TempDir
    Path dir;

    private static int cmp(String a, String b) {
        return Integer.signum(DpkgVersion.ORDER.compare(a, b));
    }

    @Test
    void followsDebianPolicyOnTheCornerCases() {
        assertThat(cmp("1.0~rc1-1", "1.0-1")).isNegative();        // ~ sorts before the end
        assertThat(cmp("1.0~~", "1.0~")).isNegative();             // and before another ~
        assertThat(cmp("1.0", "1.0+b1")).isNegative();             // the end before any other character
        assertThat(cmp("1.0a", "1.0+")).isNegative();              // letters before non-letters
        assertThat(cmp("1:0.1", "9.9")).isPositive();              // the epoch first
        assertThat(cmp("0:1.0", "1.0")).isZero();                  // a missing epoch is 0
        assertThat(cmp("1.0-0", "1.0")).isZero();                  // a missing revision sorts as 0
        assertThat(cmp("1.010", "1.9")).isPositive();              // digits as numbers
        assertThat(cmp("1.0001", "1.1")).isZero();
        assertThat(cmp("2.36-9+deb12u4", "2.36-9+deb12u10")).isNegative();
        assertThat(cmp("1.2-3-4", "1.2-3-5")).isNegative();        // the revision is after the last hyphen
        assertThat(cmp("99999999999999999999", "99999999999999999998")).isPositive();
    }

    /**
     * Thousands of generated pairs, each compared by {@code dpkg --compare-versions} itself: the
     * versions mix epochs, tildes, pluses, letters, leading zeros, long numbers and revisions.
     */
    @Test
    void agreesWithDpkgOnGeneratedPairs() throws IOException {
        PeerTools.assumeInstalled("dpkg");
        Random random = new Random(20261204L);
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String a = version(random);
            // half of the pairs share a prefix, so the comparison reaches the interesting parts
            String b = random.nextBoolean() ? version(random) : mutate(a, random);
            pairs.add(new String[]{a, b});
        }
        StringBuilder input = new StringBuilder();
        for (String[] p : pairs) {
            input.append(p[0]).append(' ').append(p[1]).append('\n');
        }
        Path in = Files.writeString(dir.resolve("pairs.txt"), input);
        // one shell for all pairs: a JVM process start per pair would cost minutes
        String script = "while read a b; do if dpkg --compare-versions \"$a\" lt \"$b\"; then echo '<';"
                + " elif dpkg --compare-versions \"$a\" eq \"$b\"; then echo '='; else echo '>'; fi; done < " + in;
        String out = PeerTools.run(Duration.ofMinutes(5), dir, List.of("sh", "-c", script)).stdout();
        String[] answers = out.split("\n");
        assertThat(answers).hasSize(pairs.size());
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            int expected = switch (answers[i]) {
                case "<" -> -1;
                case "=" -> 0;
                default -> 1;
            };
            String[] p = pairs.get(i);
            if (cmp(p[0], p[1]) != expected) {
                disagreements.add(p[0] + " " + answers[i] + " " + p[1] + " (dpkg) but Gantry says " + cmp(p[0], p[1]));
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(String.join("", answers)).contains("<", "=", ">");
    }

    private static final String[] PIECES = {"0", "1", "2", "9", "10", "00", "01", "123", "20240101", "a", "b", "z", "A",
            "rc", "alpha", "+", ".", "~", "~~", "+dfsg", ".0", "deb12u", "ubuntu", "build"};

    static String version(Random r) {
        StringBuilder v = new StringBuilder();
        if (r.nextInt(5) == 0) {
            v.append(r.nextInt(3)).append(':');
        }
        v.append(r.nextInt(12));
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            v.append(PIECES[r.nextInt(PIECES.length)]);
        }
        if (r.nextInt(3) > 0) {
            v.append('-').append(r.nextInt(4));
            int m = r.nextInt(3);
            for (int i = 0; i < m; i++) {
                v.append(PIECES[r.nextInt(PIECES.length)]);
            }
        }
        return v.toString();
    }

    private static String mutate(String v, Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> v;
            case 1 -> v + PIECES[r.nextInt(PIECES.length)];
            // dpkg refuses an empty revision ("1.0-"), so a cut never ends at the hyphen
            case 2 -> v.length() > 1 && v.charAt(v.length() - 2) != '-' ? v.substring(0, v.length() - 1) : v;
            case 3 -> v.replace('.', '~');
            default -> v.contains("-") ? v.substring(0, v.lastIndexOf('-')) + "-" + r.nextInt(3) + "~" : "0:" + v;
        };
    }
}
