package dev.gantry.layer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpansionLimitsTest {
    @Test
    void aLayerMayInflateToSixteenTimesItsStoredSizePlus64MiBByDefault() {
        ExpansionLimits limits = ExpansionLimits.defaults();
        assertThat(limits.budget(1000)).isEqualTo(16_000 + (64L << 20));
        assertThat(limits.budget(0)).isEqualTo(64L << 20);
        assertThat(limits.maxMetadataBytes()).isEqualTo(1 << 20);
    }

    @Test
    void ratioZeroMeansNoLimitAndHugeSizesSaturate() {
        assertThat(ExpansionLimits.defaults().withRatio(0).budget(1000)).isEqualTo(Long.MAX_VALUE);
        assertThat(ExpansionLimits.defaults().budget(Long.MAX_VALUE / 2)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void withRatioKeepsTheOtherBounds() {
        ExpansionLimits limits = new ExpansionLimits(16, 10, 99).withRatio(2);
        assertThat(limits).isEqualTo(new ExpansionLimits(2, 10, 99));
        assertThat(limits.budget(5)).isEqualTo(20);
    }
}
