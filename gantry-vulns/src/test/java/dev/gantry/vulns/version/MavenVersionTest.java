package dev.gantry.vulns.version;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MavenVersionTest {
    /** Orders Maven's documentation (the POM reference's "Version Order Specification") states. */
    @Test
    void ordersAsMavensVersionOrderSpecificationSays() {
        List<String> ascending = List.of("1-alpha", "1-alpha-1", "1-beta", "1-milestone", "1-rc", "1-SNAPSHOT", "1",
                "1-sp", "1-sp-1", "1-abc", "1-1", "1.1", "1.1.1-alpha", "1.1.1", "2.0.0.1");
        for (int i = 0; i + 1 < ascending.size(); i++) {
            assertThat(MavenVersion.ORDER.compare(ascending.get(i), ascending.get(i + 1)))
                    .as(ascending.get(i) + " < " + ascending.get(i + 1)).isNegative();
        }
        assertThat(MavenVersion.ORDER.compare("1.0", "1")).isZero();
        assertThat(MavenVersion.ORDER.compare("1.0.0", "1-ga")).isZero();
        assertThat(MavenVersion.ORDER.compare("1-cr1", "1-rc1")).isZero();
        assertThat(MavenVersion.ORDER.compare("1a1", "1-alpha-1")).isZero();
        assertThat(MavenVersion.ORDER.compare("31.1-jre", "31.1")).as("unknown qualifiers after the release").isPositive();
    }

    @Test
    void isTheOrderOfTheMavenEcosystem() {
        assertThat(VersionOrder.forEcosystem("Maven")).isSameAs(MavenVersion.ORDER);
        assertThat(VersionOrder.forEcosystem("Go")).isSameAs(SemVer.ORDER);
    }
}
