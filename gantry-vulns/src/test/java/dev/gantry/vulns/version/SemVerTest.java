package dev.gantry.vulns.version;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SemVerTest {
    @Test
    void followsTheSpecsPrecedenceExample() {
        // SemVer 2.0.0 section 11's chain
        List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1", "10.0.0");
        for (int i = 0; i + 1 < ascending.size(); i++) {
            assertThat(SemVer.ORDER.compare(ascending.get(i), ascending.get(i + 1))).as(ascending.get(i)).isNegative();
            assertThat(SemVer.ORDER.compare(ascending.get(i + 1), ascending.get(i))).isPositive();
        }
    }

    @Test
    void ignoresBuildMetadataAndGosLeadingV() {
        assertThat(SemVer.ORDER.compare("1.0.0+build.1", "1.0.0+build.2")).isZero();
        assertThat(SemVer.ORDER.compare("v1.2.3", "1.2.3")).isZero();
        // a Go pseudo-version sorts below the release it precedes
        assertThat(SemVer.ORDER.compare("v0.0.0-20240101000000-abcdef123456", "v0.0.1")).isNegative();
        assertThat(SemVer.ORDER.compare("v1.2.4-0.20240101000000-abcdef123456", "v1.2.3")).isPositive();
        assertThat(VersionOrder.forEcosystem("Go")).isSameAs(SemVer.ORDER);
        assertThat(VersionOrder.forEcosystem("PyPI")).isSameAs(Pep440Version.ORDER);
    }
}
