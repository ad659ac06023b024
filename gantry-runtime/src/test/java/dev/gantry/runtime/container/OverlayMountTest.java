package dev.gantry.runtime.container;

import dev.gantry.testing.PeerRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OverlayMountTest {
    @TempDir
    Path work;

    /** 120 lowers with ~170-byte paths: ~20 KB of absolute paths, far over the kernel's one-page option limit. */
    @Test
    void stacksMoreLayersThanAbsolutePathsWouldFitInOnePage() throws Exception {
        PeerRequirement.require(OverlayMount.supported(), "needs root and overlayfs (mount -t overlay)");
        Path deep = work.resolve("snapshots/" + "x".repeat(100));
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Path lower = deep.resolve("sha256-" + "%064d".formatted(i));
            Files.createDirectories(lower);
            Files.writeString(lower.resolve("layer-" + i), Integer.toString(i));
            Files.writeString(lower.resolve("shadowed"), Integer.toString(i));
            lowers.add(0, lower); // top first
        }
        Path container = Files.createDirectories(work.resolve("c"));
        Path merged = Files.createDirectories(container.resolve("rootfs"));
        OverlayMount.mount(container, lowers, Files.createDirectories(container.resolve("upper")),
                Files.createDirectories(container.resolve("work")), merged);
        try {
            assertThat(OverlayMount.isMounted(merged)).isTrue();
            assertThat(merged.resolve("layer-0")).hasContent("0");
            assertThat(merged.resolve("layer-119")).hasContent("119");
            assertThat(merged.resolve("shadowed")).as("the top layer wins").hasContent("119");
        } finally {
            OverlayMount.unmount(merged);
        }
        assertThat(OverlayMount.isMounted(merged)).isFalse();
    }
}
