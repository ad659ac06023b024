package dev.gantry.analysis.index;

import dev.gantry.analysis.testing.Opened;
import dev.gantry.testing.AnalysisFixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EfficiencyTest {
    @TempDir
    static Path work;
    static Path layout;
    static Efficiency efficiency;

    @BeforeAll
    static void build() throws IOException {
        layout = AnalysisFixtures.wastefulLayout(work);
        try (Opened opened = Opened.of(layout)) {
            efficiency = Efficiency.of(FileIndex.build(opened.image(), IndexOptions.withoutHashes()));
        }
    }

    /** "SIZE NAME" of every entry, as GNU tar lists the stored layer. */
    private static List<long[]> tarSizes(int layer, String name) throws IOException {
        String listing = PeerTools.stdout(work, "tar", "-tvzf", Opened.layerBlob(layout, layer).toString());
        List<long[]> out = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 6 && cols[cols.length - 1].replaceFirst("^\\./", "").equals(name)) {
                out.add(new long[] {Long.parseLong(cols[2])});
            }
        }
        return out;
    }

    private static long tarSize(int layer, String name) throws IOException {
        List<long[]> sizes = tarSizes(layer, name);
        assertThat(sizes).as(name + " in layer " + layer).hasSize(1);
        return sizes.get(0)[0];
    }

    private static long tarTotal(int layer) throws IOException {
        String listing = PeerTools.stdout(work, "tar", "-tvzf", Opened.layerBlob(layout, layer).toString());
        long sum = 0;
        for (String line : listing.split("\n")) {
            if (!line.isBlank()) {
                sum += Long.parseLong(line.trim().split("\\s+")[2]);
            }
        }
        return sum;
    }

    @Test
    void wastedBytesAreEveryCopyOfAnOverwrittenFileAndADeletedFilesSizeAsDiveCountsThem() throws IOException {
        long big = tarSize(0, "opt/big.bin") + tarSize(1, "opt/big.bin");
        long secret = tarSize(0, "etc/secret.env");
        assertThat(big).isEqualTo(AnalysisFixtures.BIG_FIRST + AnalysisFixtures.BIG_SECOND);
        assertThat(efficiency.wastedBytes()).isEqualTo(big + secret);
        assertThat(efficiency.inefficiencies()).extracting(i -> i.path() + " " + i.cumulativeSize() + " " + i.layers())
                .startsWith("opt/big.bin " + big + " [0, 1]", "etc/secret.env " + secret + " [0, 1]");
    }

    @Test
    void scoresTheSmallestCopiesOverAllCopiesAsDiveDoes() throws IOException {
        // Every leaf path's occurrences, from GNU tar's listing: layer 0 files, then layer 1's
        // new.txt, big.bin, the whiteout of secret.env (0) and of data/d (its subtree: data/d/x), layer 2's opq/new.
        long x = tarSize(0, "data/d/x");
        long all = tarTotal(0) + tarSize(1, "etc/new.txt") + tarSize(1, "opt/big.bin") + x + tarSize(2, "opq/new");
        long minimums = all - tarSize(0, "opt/big.bin") - tarSize(0, "etc/secret.env");
        assertThat(efficiency.score()).isCloseTo((double) minimums / all, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void sizesAreTarHeaderSumsAndUserBytesLeaveOutTheBaseLayer() throws IOException {
        long user = tarTotal(1) + tarTotal(2);
        assertThat(efficiency.sizeBytes()).isEqualTo(tarTotal(0) + user);
        assertThat(efficiency.userSizeBytes()).isEqualTo(user);
        assertThat(efficiency.wastedUserPercent()).isEqualTo((double) efficiency.wastedBytes() / user);
    }

    @Test
    void ciRulesFailLikeDivesWithItsDefaults() {
        List<EfficiencyRules.Result> results = new EfficiencyRules(EfficiencyRules.DEFAULT_LOWEST_EFFICIENCY, 20_000_000L,
                EfficiencyRules.DEFAULT_HIGHEST_USER_WASTED_PERCENT).evaluate(efficiency);
        assertThat(results).extracting(r -> r.rule() + " " + r.passed()).containsExactly(
                "rules.lowestEfficiency false", "rules.highestWastedBytes true", "rules.highestUserWastedPercent false");
        assertThat(results.get(0).message()).contains("efficiency=" + efficiency.score(), "threshold=0.9");
        assertThat(new EfficiencyRules(0.1, 100L, null).evaluate(efficiency))
                .extracting(EfficiencyRules.Result::passed).containsExactly(true, false);
    }

    @Test
    void readsByteThresholdsTheWayDiveDoes() {
        assertThat(EfficiencyRules.parseBytes("20MB")).isEqualTo(20_000_000L);
        assertThat(EfficiencyRules.parseBytes("20M")).isEqualTo(20_000_000L);
        assertThat(EfficiencyRules.parseBytes("20MiB")).isEqualTo(20L << 20);
        assertThat(EfficiencyRules.parseBytes("1.5 kB")).isEqualTo(1500L);
        assertThat(EfficiencyRules.parseBytes("512")).isEqualTo(512L);
        assertThatThrownBy(() -> EfficiencyRules.parseBytes("20 parsecs")).hasMessageContaining("unknown unit");
    }
}
