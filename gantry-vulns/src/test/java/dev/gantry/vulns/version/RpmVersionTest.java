package dev.gantry.vulns.version;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RpmVersionTest {
    /**
     * {@code rpmvercmp(a, b)} as rpm's own test suite states it (tests/rpmvercmp.at); neither
     * rpmdev-vercmp nor python3-rpm is on this machine.
     */
    private static final String CASES = """
            1.0 1.0 0
            1.0 2.0 -1
            2.0.1 2.0 1
            2.0.1a 2.0.1 1
            5.5p1 5.5p2 -1
            5.5p10 5.5p1 1
            10xyz 10.1xyz -1
            xyz10 xyz10.1 -1
            xyz.4 8 -1
            2 xyz.4 1
            5.6p1 6.5p1 -1
            6.0.rc1 6.0 1
            10b2 10a1 1
            1.0a 1.0aa -1
            10.0001 10.1 0
            10.0039 10.0001 1
            4.999.9 5.0 -1
            20101122 20101121 1
            2_0 2.0 0
            a+ a_ 0
            +a _a 0
            _+ +_ 0
            + _ 0
            1.0~rc1 1.0~rc1 0
            1.0~rc1 1.0 -1
            1.0~rc1 1.0~rc2 -1
            1.0~rc1~git123 1.0~rc1 -1
            1.0^ 1.0^ 0
            1.0^ 1.0 1
            1.0^git1 1.0 1
            1.0^git1 1.0^git2 -1
            1.0^git1 1.01 -1
            1.0^20160101 1.0.1 -1
            1.0^20160102 1.0^20160101^git1 1
            1.0~rc1^git1 1.0~rc1 1
            1.0^git1 1.0^git1~pre 1
            1b.fc17 1.fc17 -1
            1g.fc17 1.fc17 1
            """;

    @Test
    void agreesWithRpmsOwnVercmpCases() {
        List<String> wrong = new ArrayList<>();
        for (String line : CASES.strip().split("\n")) {
            String[] f = line.strip().split(" ");
            int expected = Integer.parseInt(f[2]);
            if (RpmVersion.rpmvercmp(f[0], f[1]) != expected || RpmVersion.rpmvercmp(f[1], f[0]) != -expected) {
                wrong.add(line + " (got " + RpmVersion.rpmvercmp(f[0], f[1]) + ")");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void comparesEpochThenVersionThenRelease() {
        assertThat(RpmVersion.ORDER.compare("1:1.0-1.el9", "2.0-1.el9")).isPositive();
        assertThat(RpmVersion.ORDER.compare("0:3.0.7-24.el9", "3.0.7-25.el9")).isNegative();
        assertThat(RpmVersion.ORDER.compare("3.0.7-24.el9", "3.0.7-24.el9_3")).isNegative();
        assertThat(RpmVersion.ORDER.compare("3.0.7", "3.0.7-24.el9")).isZero(); // no release on one side: not compared
        assertThat(RpmVersion.ORDER.compare("2.34-100.fc40", "2.34~rc1-1.fc40")).isPositive();
    }

    @Test
    void picksTheOrderByOsvEcosystem() {
        assertThat(VersionOrder.forEcosystem("Rocky Linux:9")).isSameAs(RpmVersion.ORDER);
        assertThat(VersionOrder.forEcosystem("Debian:12")).isSameAs(DpkgVersion.ORDER);
        assertThat(VersionOrder.forEcosystem("Alpine:v3.19")).isSameAs(ApkVersion.ORDER);
        assertThat(VersionOrder.forEcosystem("npm")).isSameAs(SemVer.ORDER);
        assertThat(VersionOrder.forEcosystem("Hackage")).isNull();
    }
}
