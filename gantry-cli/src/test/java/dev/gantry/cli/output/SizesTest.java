package dev.gantry.cli.output;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SizesTest {
    @Test
    void printsDecimalUnitsAsDockerDoes() {
        assertThat(Sizes.human(0)).isEqualTo("0 B");
        assertThat(Sizes.human(999)).isEqualTo("999 B");
        assertThat(Sizes.human(1000)).isEqualTo("1.00 kB");
        assertThat(Sizes.human(10_240)).isEqualTo("10.2 kB");
        assertThat(Sizes.human(167_000_000)).isEqualTo("167 MB");
        assertThat(Sizes.human(-1)).isEqualTo("?");
    }

    /** The sizes are rounded exactly as the Formatter's %.2f/%.1f/%.0f did, half up, on every kind of value. */
    @Test
    void roundsAsTheFormattersFixedPointDid() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            long bytes = switch (i % 4) {
                case 0 -> random.nextLong(1, 1L << 53);
                case 1 -> random.nextLong(1000, 10_000_000);
                case 2 -> (random.nextLong(1, 100_000) * 1000 + 5) * (long) Math.pow(10, random.nextInt(0, 10)); // ...5 boundaries
                default -> random.nextLong(1, 2_000_000_000L) * 1000 - random.nextLong(0, 3);
            };
            double value = bytes;
            while (value >= 1000) {
                value /= 1000;
            }
            for (int places = 0; places <= 2; places++) {
                assertThat(Sizes.decimals(value, places)).as("%d bytes, %d places", bytes, places)
                        .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", value));
            }
        }
    }
}
