package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.DockerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** gantry rebase: an application's own layers moved onto a patched base, as crane rebase. */
class RebaseCommandTest {
    @TempDir
    Path work;

    private String layout(String tag) {
        return "oci:" + work.resolve("l") + ":" + tag;
    }

    private void ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as("%s: %s", String.join(" ", args), run.stderr()).isZero();
    }

    private Path dir(String name, String file, String content) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve(file), content);
        return dir;
    }

    /** base1 (etc/os = one), base2 (etc/os = two), app = base1 + srv/app. */
    private void images() throws IOException {
        ok("image", "create", "--layer", dir("a", "os", "one\n") + ":/etc", "-o", layout("base1"));
        ok("image", "create", "--layer", dir("b", "os", "two\n") + ":/etc", "-o", layout("base2"));
        ok("mutate", layout("base1"), "--append", dir("c", "app", "app\n") + ":/srv", "--env", "APP=1", "-o", layout("app"));
    }

    @Test
    void movesTheImagesOwnLayersOntoTheNewBase() throws IOException {
        images();

        ok("rebase", layout("app"), "--old-base", layout("base1"), "--new-base", layout("base2"), "-o", layout("rebased"));

        ok("unpack", layout("rebased"), work.resolve("root").toString());
        assertThat(work.resolve("root/etc/os")).hasContent("two");
        assertThat(work.resolve("root/srv/app")).hasContent("app");
        JsonNode config = Json.tree(CliRun.of("config", layout("rebased")).stdoutBytes(), "config");
        assertThat(config.at("/config/Env").toString()).contains("APP=1");
        assertThat(config.at("/rootfs/diff_ids")).hasSize(2);
        assertThat(CliRun.of("validate", layout("rebased")).exitCode()).isZero();
    }

    @Test
    void refusesAnImageThatIsNotOnTheOldBase() throws IOException {
        images();

        CliRun run = CliRun.of("rebase", layout("base2"), "--old-base", layout("app"), "--new-base", layout("base1"),
                "-o", layout("wrong"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("not based on it");
        assertThat(CliRun.of("inspect", layout("wrong")).exitCode()).isNotZero();
    }

    @Test
    void withoutBasesTheAnnotationsNameThemAndTheResultNamesTheNewBase() throws Exception {
        images();
        try (DockerRegistry registry = DockerRegistry.start(work.resolve("registry"))) {
            String base = registry.host() + "/base:latest";
            ok("push", "--insecure", "-q", layout("base1"), base);
            CliRun digest = CliRun.of("digest", "--insecure", base);
            ok("mutate", layout("app"), "--annotation", "org.opencontainers.image.base.name=" + base,
                    "--annotation", "org.opencontainers.image.base.digest=" + digest.stdout().strip(), "-o", layout("annotated"));
            ok("push", "--insecure", "-q", layout("base2"), base); // the base's tag moves to the patched image

            ok("rebase", "--insecure", layout("annotated"), "-o", layout("auto"));

            ok("unpack", layout("auto"), work.resolve("auto").toString());
            assertThat(work.resolve("auto/etc/os")).hasContent("two");
            JsonNode manifest = Json.tree(CliRun.of("manifest", layout("auto")).stdoutBytes(), "manifest");
            assertThat(manifest.at("/annotations/org.opencontainers.image.base.name").asText()).isEqualTo(base);
            assertThat(manifest.at("/annotations/org.opencontainers.image.base.digest").asText())
                    .isEqualTo(CliRun.of("digest", "--insecure", base).stdout().strip());
        }
        CliRun missing = CliRun.of("rebase", layout("app"), "-o", layout("none"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--old-base and --new-base");
    }
}
