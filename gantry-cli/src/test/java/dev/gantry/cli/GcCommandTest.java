package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GcCommandTest {
    @TempDir
    Path dir;

    @Test
    void dryRunOnAStoreWithOnlyAnOldOrphanBlobListsIt() throws Exception {
        String hex = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"; // sha256("foo")
        Path blob = dir.resolve("blobs/sha256/2c/" + hex + "/data");
        Files.createDirectories(blob.getParent());
        Files.writeString(blob, "foo");
        Files.setLastModifiedTime(blob, java.nio.file.attribute.FileTime.fromMillis(0));
        CliRun run = CliRun.of("gc", "--dry-run", "--data", dir.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("would delete blob sha256:" + hex, "would delete 0 manifest(s), 1 blob(s), 3 bytes, 0 abandoned upload(s)");
        assertThat(blob).exists();
        assertThat(CliRun.of("gc", "--data", dir.toString()).exitCode()).isZero();
        assertThat(blob).doesNotExist();
    }

    @Test
    void takesTheStoreFromAConfigFileWithoutADatabaseAndRefusesOrphansThere() throws Exception {
        String hex = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"; // sha256("foo")
        Path blob = dir.resolve("store/blobs/sha256/2c/" + hex + "/data");
        Files.createDirectories(blob.getParent());
        Files.writeString(blob, "foo");
        Files.setLastModifiedTime(blob, java.nio.file.attribute.FileTime.fromMillis(0));
        Path config = Files.writeString(dir.resolve("serve.json"), "{\"storage\": {\"driver\": \"filesystem\", \"path\": \"store\"}}");
        CliRun refused = CliRun.of("gc", "--config", config.toString(), "--orphans");
        assertThat(refused.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(refused.stderr()).contains("--orphans goes with a --config whose metadata is in a database");
        CliRun run = CliRun.of("gc", "--config", config.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("deleted blob sha256:" + hex);
        assertThat(blob).doesNotExist();
    }

    @Test
    void missingStoreIsAnError() {
        CliRun run = CliRun.of("gc", "--data", dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("no registry store");
    }
}
