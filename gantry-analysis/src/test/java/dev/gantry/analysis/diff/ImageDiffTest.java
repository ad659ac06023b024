package dev.gantry.analysis.diff;

import dev.gantry.analysis.index.FileIndex;
import dev.gantry.analysis.index.IndexOptions;
import dev.gantry.analysis.testing.Opened;
import dev.gantry.digest.Digest;
import dev.gantry.image.Layer;
import dev.gantry.testing.AnalysisFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImageDiffTest {
    @TempDir
    Path work;

    private ImageDiff diff(Path a, Path b) throws IOException {
        try (Opened x = Opened.of(a); Opened y = Opened.of(b)) {
            return ImageDiff.of(x.image(), FileIndex.build(x.image(), IndexOptions.withHashes()),
                    y.image(), FileIndex.build(y.image(), IndexOptions.withHashes()));
        }
    }

    @Test
    void reportsConfigFilesWithSizeDeltasAndSharedLayers() throws IOException {
        Path a = AnalysisFixtures.wastefulLayout(work);
        Path b = AnalysisFixtures.nextVersion(work, a);
        ImageDiff diff = diff(a, b);
        assertThat(diff.config()).extracting(c -> c.field() + ": " + c.before() + " -> " + c.after()).contains(
                "user: null -> 1000", "workdir: null -> /srv", "cmd: null -> [/bin/tool]", "env.FOO: null -> bar",
                "labels.version: null -> 2", "ports.8080/tcp: null -> present", "layers: 3 -> 4");
        assertThat(diff.files()).extracting(f -> f.type() + " " + f.path() + " " + f.sizeDelta() + " " + f.what())
                .contains("CHANGED etc/hello.txt 6 [content]", "REMOVED etc/new.txt -4 []", "ADDED bin/tool 10 []")
                .noneMatch(s -> s.contains("opt/big.bin") || s.contains("opq/"));
        try (Opened x = Opened.of(a)) {
            assertThat(diff.sharedLayers()).containsExactlyElementsOf(digestsOf(x.image().layers()));
        }
        assertThat(diff(a, a).identical()).isTrue();
    }

    private static List<Digest> digestsOf(List<Layer> layers) throws IOException {
        List<Digest> digests = new ArrayList<>();
        for (Layer layer : layers) {
            digests.add(layer.digest());
        }
        return digests;
    }
}
