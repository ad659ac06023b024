package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** image create, mutate and index create through Main, checked with validate, unpack and skopeo. */
class AssemblyCommandsTest {
    @TempDir
    Path work;

    private Path site() throws IOException {
        Path dir = Files.createDirectories(work.resolve("site/css"));
        Files.writeString(work.resolve("site/index.html"), "<h1>hi</h1>\n");
        Files.writeString(dir.resolve("main.css"), "h1{}\n");
        return work.resolve("site");
    }

    private JsonNode ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as("%s: %s", String.join(" ", args), run.stderr()).isZero();
        return Json.tree(run.stdoutBytes(), "output of " + args[0]);
    }

    private String create(String dest, String platform) throws IOException {
        return ok("image", "create", "--json", "--platform", platform, "--layer", site() + ":/srv/www",
                "--entrypoint", "[\"/bin/httpd\",\"-f\"]", "--cmd", "-p 8080", "--env", "ROOT=/srv/www", "--expose", "8080",
                "--label", "org.example=1", "--tmp", work.resolve("tmp").toString(), "-o", dest).get("digest").asText();
    }

    @Test
    void imageCreateIsValidReproducibleAndUnpacksToTheDirectory() throws Exception {
        String first = create("oci:" + work.resolve("a") + ":v1", "linux/amd64");
        String second = create("oci:" + work.resolve("b") + ":v1", "linux/amd64");
        assertThat(second).isEqualTo(first);
        assertThat(CliRun.of("validate", "oci:" + work.resolve("a") + ":v1").exitCode()).isZero();
        assertThat(CliRun.of("unpack", "oci:" + work.resolve("a") + ":v1", work.resolve("root").toString()).exitCode()).isZero();
        assertThat(work.resolve("root/srv/www/css/main.css")).hasContent("h1{}\n");
        JsonNode config = Json.tree(CliRun.of("config", "oci:" + work.resolve("a") + ":v1").stdoutBytes(), "config");
        assertThat(config.at("/config/Entrypoint").toString()).isEqualTo("[\"/bin/httpd\",\"-f\"]");
        assertThat(config.at("/config/Cmd").toString()).isEqualTo("[\"-p\",\"8080\"]");
        PeerTools.assumeInstalled("skopeo");
        JsonNode inspected = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", "oci:" + work.resolve("a") + ":v1").stdout());
        assertThat(inspected.at("/Labels/org.example").asText()).isEqualTo("1");
    }

    @Test
    void mutateEditsTheConfigAndAppendsALayer() throws Exception {
        create("oci:" + work.resolve("a") + ":v1", "linux/amd64");
        Path extra = Files.createDirectories(work.resolve("extra"));
        Files.writeString(extra.resolve("robots.txt"), "User-agent: *\n");
        JsonNode result = ok("mutate", "--json", "oci:" + work.resolve("a") + ":v1", "--append", extra + ":/srv/www",
                "--env", "ROOT=/srv", "--annotation", "org.opencontainers.image.version=2", "--user", "65534",
                "-o", "oci:" + work.resolve("m") + ":v2");
        assertThat(result.get("newLayers").asInt()).isEqualTo(1);
        assertThat(CliRun.of("validate", "oci:" + work.resolve("m") + ":v2").exitCode()).isZero();
        assertThat(CliRun.of("unpack", "oci:" + work.resolve("m") + ":v2", work.resolve("root").toString()).exitCode()).isZero();
        assertThat(work.resolve("root/srv/www/robots.txt")).exists();
        assertThat(work.resolve("root/srv/www/index.html")).exists();
        JsonNode config = Json.tree(CliRun.of("config", "oci:" + work.resolve("m") + ":v2").stdoutBytes(), "config");
        assertThat(config.at("/config/Env").toString()).isEqualTo("[\"ROOT=/srv\"]");
        assertThat(config.at("/config/User").asText()).isEqualTo("65534");
        assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("/bin/httpd");
    }

    @Test
    void appendAddsATarballByteForByteAndTheHistoryLinesUpWithTheLayers() throws Exception {
        create("oci:" + work.resolve("a") + ":v1", "linux/amd64");
        Path extra = Files.createDirectories(work.resolve("extra/etc"));
        Files.writeString(extra.resolve("motd"), "hello\n");
        Path tarball = work.resolve("motd.tar.gz");
        PeerTools.run(work, "tar", "-C", work.resolve("extra").toString(), "-czf", tarball.toString(), "etc");

        ok("append", "--json", "oci:" + work.resolve("a") + ":v1", tarball.toString(), "-o", "oci:" + work.resolve("t") + ":v2");

        String ref = "oci:" + work.resolve("t") + ":v2";
        assertThat(CliRun.of("validate", ref).exitCode()).isZero();
        JsonNode manifest = Json.tree(CliRun.of("manifest", ref).stdoutBytes(), "manifest");
        assertThat(manifest.at("/layers/1/digest").asText()).isEqualTo(Fixtures.sha256(tarball));
        assertThat(manifest.at("/layers/1/mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        JsonNode config = Json.tree(CliRun.of("config", ref).stdoutBytes(), "config");
        JsonNode history = config.get("history");
        assertThat(history.get(history.size() - 1).path("created_by").asText()).startsWith("gantry append: ADD tarball:");
        assertThat(CliRun.of("unpack", ref, work.resolve("root").toString()).exitCode()).isZero();
        assertThat(work.resolve("root/etc/motd")).hasContent("hello");
        assertThat(work.resolve("root/srv/www/index.html")).exists();
    }

    @Test
    void appendRefusesWhatIsNotALayerTarWithOneLineAndWritesNothing() throws Exception {
        create("oci:" + work.resolve("a") + ":v1", "linux/amd64");
        Path junk = Files.writeString(work.resolve("junk.tar"), "not a tar at all\n");

        CliRun run = CliRun.of("append", "oci:" + work.resolve("a") + ":v1", junk.toString(), "-o", "oci:" + work.resolve("j") + ":v2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).singleElement().asString().contains("junk.tar");
        assertThat(work.resolve("j")).doesNotExist();
    }

    @Test
    void mutateAppendsOneFileIntoADirectoryUnderItsOwnName() throws Exception {
        create("oci:" + work.resolve("a") + ":v1", "linux/amd64");
        Path file = Files.writeString(work.resolve("layer.tar"), "just a file called layer.tar\n");

        ok("mutate", "--json", "oci:" + work.resolve("a") + ":v1", "--append", file + ":/", "--append", file + ":/opt/",
                "-o", "oci:" + work.resolve("f") + ":v2");

        assertThat(CliRun.of("unpack", "oci:" + work.resolve("f") + ":v2", work.resolve("root").toString()).exitCode()).isZero();
        assertThat(work.resolve("root/layer.tar")).hasContent("just a file called layer.tar");
        assertThat(work.resolve("root/opt/layer.tar")).hasContent("just a file called layer.tar");
    }

    @Test
    void indexCreateListsBothPlatforms() throws Exception {
        create("oci:" + work.resolve("amd") + ":v1", "linux/amd64");
        create("oci:" + work.resolve("arm") + ":v1", "linux/arm64/v8");
        JsonNode result = ok("index", "create", "--json", "-o", "oci:" + work.resolve("multi") + ":v1",
                "oci:" + work.resolve("amd") + ":v1", "oci:" + work.resolve("arm") + ":v1");
        assertThat(result.at("/manifests/1/platform").asText()).isEqualTo("linux/arm64/v8");
        assertThat(CliRun.of("validate", "oci:" + work.resolve("multi") + ":v1").exitCode()).isZero();
        CliRun duplicate = CliRun.of("index", "create", "-o", "oci:" + work.resolve("dup") + ":v1",
                "oci:" + work.resolve("amd") + ":v1", "oci:" + work.resolve("amd") + ":v1");
        assertThat(duplicate.exitCode()).isEqualTo(2);
        assertThat(duplicate.stderr()).contains("linux/amd64");
    }

    @Test
    void createWithoutDestinationIsAUsageError() {
        CliRun run = CliRun.of("image", "create", "--layer", work + ":/x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--output");
    }
}
