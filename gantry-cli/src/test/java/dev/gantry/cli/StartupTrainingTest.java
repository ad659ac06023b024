package dev.gantry.cli;

import dev.gantry.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StartupTrainingTest {
    /** A step that fails trains nothing past its failure: the start-up cache would silently lose those classes. */
    @Test
    void everyTrainingStepSucceeds(@TempDir Path dir) throws Exception {
        Path layout = Fixtures.umociLayout(dir);
        Path work = Files.createDirectories(dir.resolve("work"));

        assertThat(StartupTraining.train("oci:" + layout + ":" + Fixtures.TAG, work, false)).isEmpty();
    }

    @Test
    void everyShortCommandTrainingStepSucceeds(@TempDir Path dir) throws Exception {
        Path layout = Fixtures.umociLayout(dir);
        Path work = Files.createDirectories(dir.resolve("work"));

        assertThat(StartupTraining.train("oci:" + layout + ":" + Fixtures.TAG, work, true)).isEmpty();
    }

    @Test
    void theRunTrainingRunsItsImageUpToTheExec(@TempDir Path dir) throws Exception {
        dev.gantry.testing.PeerRequirement.require(dev.gantry.runtime.container.OverlayMount.supported()
                && dev.gantry.runtime.container.OciRuntime.available(), "needs root, overlayfs and runc");
        Path layout = Fixtures.umociLayout(dir);
        Path work = Files.createDirectories(dir.resolve("work"));

        assertThat(StartupTraining.trainRun("oci:" + layout + ":" + Fixtures.TAG, work)).isEmpty();
        // --rm: the store keeps the image, no container
        assertThat(dev.gantry.oci.Json.mapper().readTree(CliRun.of("ps", "--root", work.resolve("store").toString(), "--json").stdout())).isEmpty();
    }
}
