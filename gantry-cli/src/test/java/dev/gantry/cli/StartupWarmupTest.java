package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Which command lines get the class-path-wide service search started early: those that will make it anyway. */
class StartupWarmupTest {
    @TempDir
    Path dir;

    @Test
    void registryVerbsAndRegistryImagesSearchEarly() {
        assertThat(StartupWarmup.namesARegistry(new String[] {"tags", "registry.example/app"})).isTrue();
        assertThat(StartupWarmup.namesARegistry(new String[] {"inspect", "docker://127.0.0.1:5000/app:v1"})).isTrue();
        assertThat(StartupWarmup.namesARegistry(new String[] {"manifest", "--insecure", "127.0.0.1:5000/app:v1"})).isTrue();
    }

    @Test
    void localLocationsDoNot() {
        assertThat(StartupWarmup.namesARegistry(new String[] {"inspect", "oci:" + dir + ":v1"})).isFalse();
        assertThat(StartupWarmup.namesARegistry(new String[] {"layers", dir.toString()})).isFalse();
        assertThat(StartupWarmup.namesARegistry(new String[] {"config", "docker-archive:" + dir.resolve("app.tar")})).isFalse();
    }
}
