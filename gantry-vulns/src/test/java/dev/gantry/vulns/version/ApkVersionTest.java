package dev.gantry.vulns.version;

import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApkVersionTest {
    /**
     * Pairs and the answer {@code apk version -t} gives, a selection of the cases in apk-tools'
     * own test data ({@code test/version.data}); this machine has no apk to ask.
     */
    private static final String CASES = """
            2.34 > 0.1.0_alpha
            23_foo > 4_beta
            1.0 < 1.0bc
            0.1.0_alpha = 0.1.0_alpha
            0.1.0_alpha < 0.1.3_alpha
            0.1.0_alpha2 > 0.1.0_alpha
            0.1.0_alpha < 2.2.39-r1
            1.0.4-r3 < 1.0.4-r4
            1.1 > 1.1_alpha1
            1.2.1 > 1.2
            1.2 < 1.3_alpha
            1.3_alpha2 < 1.3_alpha3
            0.7.0 < 0.8_beta1
            3.10.18-r1 > 2.3.0b-r1
            2.3.0b-r1 < 2.3.0b-r2
            0.12.3 > 0.12
            0.13_beta5 > 0.9.12
            1.2.12.1 < 1.2.13
            0.2.0-r1 < 3.1_p16
            3.1_p16 < 3.1_p17
            1.06-r6 < 006
            1.2.2-r1 > 1.2.2
            9.3.4-r2 > 9.3.4
            20050718-r1 < 20050718-r2
            3.9.8-r5 > 2.01.01_alpha10
            1.0 > 0.99.3.20040818
            2.8.9-r1 > 2.8.9
            4.2.52_p2-r1 < 4.2.52_p4-r2
            20060720 > 3.0.20060720
            2.5.1-r8 < 2.5.1a-r1
            1.3.5-r10 > 1.3.5-r8
            20040401 > 2.0.0_rc3-r1
            3.0.0-r2 < 021109-r3
            0.9.16-r1 < 3.9_pre20060124
            1.1.7 < 6b-r7
            0.10.0-r1 > 0.10.0
            0.10.0 < 0.10.1_rc1
            1.1a < 1.3a
            0.15.1b-r2 > 0.15.1b
            22.7-r1 < 22.7.3-r1
            2.1_pre20 < 2.1_pre26
            2.10.1 > 02.08.01b
            1.2.07.8 < 1.2.12.04
            1.07-r1 < 1.07.5
            0.1_pre20060810 < 0.1_pre20060817
            0.59s-r11 < 0.65
            0.20070118 < 0.20070207_rc1
            4.5_p1-r1 > 4.5_p1
            0.9.8c-r1 < 0.9.8d
            1.7 < 1.7b
            1.8.5 < 1.8.5_p2
            2.9.11_pre20051101-r3 > 2.9.11_pre20051101
            1.6.8_p12-r1 > 1.6.8_p9-r2
            0.9.28-r2 < 0.9.28.1
            0.9.28.1 < 087-r1
            104-r11 > 104-r9
            1.2.5_rc2 > 0.1
            2.12r-r4 < 2.12r-r5
            7.0.17 < 7.0.174
            1.3-r0 < 1.3.1-r0
            1.3_pre1-r1 < 1.3.2
            1.0_p10-r0 > 1.0_p9-r0
            0.1.0_alpha_pre2 < 0.1.0_alpha
            1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
            """;

    @Test
    void agreesWithApkToolsTestData() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String line : CASES.strip().split("\n")) {
            String[] f = line.strip().split(" ");
            int expected = switch (f[1]) {
                case "<" -> -1;
                case "=" -> 0;
                default -> 1;
            };
            if (Integer.signum(ApkVersion.ORDER.compare(f[0], f[2])) != expected) {
                wrong.add(line);
            }
            // the order must be antisymmetric
            if (Integer.signum(ApkVersion.ORDER.compare(f[2], f[0])) != -expected) {
                wrong.add("reversed: " + line);
            }
            checked++;
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).isGreaterThan(60);
    }

    @Test
    void ordersAlpineRevisionsAndSuffixesAsSecdbNeeds() {
        assertThat(ApkVersion.ORDER.compare("3.1.4-r2", "3.1.4-r5")).isNegative();
        assertThat(ApkVersion.ORDER.compare("1.2.4_git20230717-r4", "1.2.4-r4")).isPositive();
        assertThat(ApkVersion.ORDER.compare("1.2.4_rc1-r0", "1.2.4-r0")).isNegative();
        assertThat(ApkVersion.ORDER.compare("8.5.0-r0", "8.5.0-r0")).isZero();
    }

    /**
     * An extra cross-check where apk-tools is installed; a plain assumption rather than a required
     * peer, since the table above is the check and Debian machines seldom have apk.
     */
    @Test
    void agreesWithApkWhenInstalled() {
        Assumptions.assumeTrue(PeerTools.isInstalled("apk"), "apk not installed: the cross-check with apk-tools is skipped");
        for (String line : CASES.strip().split("\n")) {
            String[] f = line.strip().split(" ");
            String answer = PeerTools.runAllowingFailure(null, "apk", "version", "-t", f[0], f[2]).stdout().strip();
            assertThat(Integer.signum(ApkVersion.ORDER.compare(f[0], f[2])))
                    .as(line).isEqualTo(answer.equals("<") ? -1 : answer.equals("=") ? 0 : 1);
        }
    }
}
