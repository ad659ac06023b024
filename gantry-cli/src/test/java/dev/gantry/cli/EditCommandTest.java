package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** gantry edit config|manifest with a scripted editor (--editor), as crane edit does with $EDITOR. */
class EditCommandTest {
    @TempDir
    Path work;

    private String image() throws IOException {
        Path dir = Files.createDirectories(work.resolve("site"));
        Files.writeString(dir.resolve("index.html"), "hi\n");
        String ref = "oci:" + work.resolve("l") + ":v1";
        CliRun created = CliRun.of("image", "create", "--layer", dir + ":/srv", "--env", "MODE=old", "-o", ref);
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        return ref;
    }

    private String digest(String ref) {
        return CliRun.of("digest", ref).stdout().strip();
    }

    @Test
    void editConfigWritesTheImageBackWithTheEditedConfigAndItsLayers() throws IOException {
        String ref = image();
        String before = digest(ref);

        CliRun edit = CliRun.of("edit", "config", "--editor", "sed -i s/MODE=old/MODE=new/", ref);

        assertThat(edit.exitCode()).as(edit.stderr()).isZero();
        assertThat(digest(ref)).isNotEqualTo(before);
        JsonNode config = Json.tree(CliRun.of("config", ref).stdoutBytes(), "config");
        assertThat(config.at("/config/Env").toString()).contains("MODE=new").doesNotContain("MODE=old");
        assertThat(CliRun.of("validate", ref).exitCode()).isZero();
    }

    @Test
    void anUnchangedOrBrokenEditWritesNothing() throws IOException {
        String ref = image();
        String before = digest(ref);

        CliRun unchanged = CliRun.of("edit", "config", "--editor", "true", ref);
        CliRun layers = CliRun.of("edit", "config", "--editor", "sed -i s/diff_ids/diff_idz/", ref);
        CliRun notJson = CliRun.of("edit", "config", "--editor", "sed -i s/{/[/", ref);
        CliRun failed = CliRun.of("edit", "config", "--editor", "false", ref);

        assertThat(unchanged.exitCode()).isZero();
        assertThat(unchanged.stdout()).contains("no change");
        assertThat(layers.exitCode()).isEqualTo(2);
        assertThat(layers.stderr()).contains("rootfs");
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.stderr()).contains("exited with code 1");
        assertThat(digest(ref)).isEqualTo(before);
    }

    @Test
    void editManifestStoresTheEditedBytesAndRefusesUnknownBlobs() throws IOException {
        String ref = image();

        CliRun edit = CliRun.of("edit", "manifest", "--editor",
                "sed -i s/\"schemaVersion\":2,/\"schemaVersion\":2,\"annotations\":{\"org.example.note\":\"edited\"},/", ref);

        assertThat(edit.exitCode()).as(edit.stderr()).isZero();
        JsonNode manifest = Json.tree(CliRun.of("manifest", ref).stdoutBytes(), "manifest");
        assertThat(manifest.at("/annotations/org.example.note").asText()).isEqualTo("edited");
        assertThat(CliRun.of("validate", ref).exitCode()).isZero();
        String before = digest(ref);
        CliRun missing = CliRun.of("edit", "manifest", "--editor", "sed -i s/\"digest\":\"sha256:[0-9a-f]*\"/\"digest\":\"sha256:"
                + "0".repeat(64) + "\"/", ref);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("does not hold");
        assertThat(digest(ref)).isEqualTo(before);
    }
}
