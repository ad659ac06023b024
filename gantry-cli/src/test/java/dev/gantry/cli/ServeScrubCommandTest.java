package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** `gantry serve scrub` over a store that `gantry push` filled through a real `gantry serve` (in this JVM). */
class ServeScrubCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path data;
    String layer;

    private RegistryServer serve() throws Exception {
        return new RegistryServer(RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(data).withAccessLog(false)
                .withShutdownGrace(Duration.ZERO), null).start();
    }

    @BeforeEach
    void pushAnImage() throws Exception {
        data = dir.resolve("data");
        Path content = Files.createDirectories(dir.resolve("content"));
        byte[] random = new byte[256 << 10];
        new Random(15).nextBytes(random);
        Files.write(content.resolve("noise"), random);
        CliRun created = CliRun.of("image", "create", "--layer", content + ":/srv", "-o", "oci:" + dir.resolve("layout") + ":v1");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        try (RegistryServer server = serve()) {
            CliRun push = CliRun.of("push", "--insecure", "oci:" + dir.resolve("layout") + ":v1", "127.0.0.1:" + server.port() + "/scrub/app:v1");
            assertThat(push.exitCode()).as(push.stderr()).isZero();
        }
        JsonNode manifest = JSON.readTree(CliRun.of("manifest", "oci:" + dir.resolve("layout") + ":v1").stdoutBytes());
        layer = manifest.path("layers").get(0).path("digest").asText();
    }

    private Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return data.resolve("blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    }

    @Test
    void aCleanStoreExitsZeroWithASummaryAndJson() throws Exception {
        CliRun run = CliRun.of("serve", "scrub", "--data", data.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip()).matches("scrubbed 3 blobs \\(.* kB\\), 1 manifest and 1 tag in 1 repository: no problems");

        CliRun json = CliRun.of("serve", "scrub", "--data", data.toString(), "--json");
        assertThat(json.exitCode()).isZero();
        JsonNode report = JSON.readTree(json.stdoutBytes());
        assertThat(report.path("blobs").asInt()).isEqualTo(3);
        assertThat(report.path("problems")).isEmpty();
    }

    @Test
    void theStoreCanComeFromTheServeConfigFile() throws Exception {
        Path config = Files.writeString(dir.resolve("gantry.json"), "{\"data\": \"data\", \"addr\": \"127.0.0.1:5000\"}");
        CliRun run = CliRun.of("serve", "scrub", "--config", config.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("1 manifest and 1 tag in 1 repository");

        Path storage = Files.writeString(dir.resolve("storage.json"), "{\"storage\": {\"driver\": \"filesystem\", \"path\": \"data\"}}");
        CliRun fromStorage = CliRun.of("serve", "scrub", "--config", storage.toString());
        assertThat(fromStorage.exitCode()).as(fromStorage.stderr()).isZero();
        assertThat(fromStorage.stdout()).contains("1 manifest and 1 tag in 1 repository");

        Path remote = Files.writeString(dir.resolve("remote.json"), "{\"storage\": {\"driver\": \"s3\", \"bucket\": \"b\"}}");
        CliRun refused = CliRun.of("serve", "scrub", "--config", remote.toString());
        assertThat(refused.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(refused.stderr()).contains("file-system stores only");
    }

    @Test
    void aFlippedByteExitsOneAndQuarantineStopsTheRegistryServingIt() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(blobFile(layer).toFile(), "rw")) {
            file.seek(100);
            int b = file.read();
            file.seek(100);
            file.write(b ^ 0x10);
        }
        CliRun run = CliRun.of("serve", "scrub", "--data", data.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(run.stdout().lines().toList()).first().asString().startsWith("blob-corrupt - " + layer + ": its ");
        assertThat(run.stdout()).contains("manifest-reference scrub/app sha256:").contains(": layer " + layer + " is corrupt")
                .contains(": 2 problems");

        CliRun quarantine = CliRun.of("serve", "scrub", "--data", data.toString(), "--quarantine");
        assertThat(quarantine.exitCode()).isEqualTo(Main.EXIT_CHECK_FAILED);
        Path store = data.toRealPath();
        assertThat(quarantine.stdout()).containsPattern("; moved to " + store + "/_quarantine/\\d{8}T\\d{6}Z/sha256/" + layer.substring(7))
                .containsPattern("blobs taken out of service are in " + store + "/_quarantine/\\d{8}T\\d{6}Z\n");
        assertThat(blobFile(layer)).doesNotExist();

        try (RegistryServer server = serve()) {
            HttpResponse<byte[]> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve("/v2/scrub/app/blobs/" + layer)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(get.statusCode()).isEqualTo(404);
            CliRun pull = CliRun.of("pull", "--insecure", "127.0.0.1:" + server.port() + "/scrub/app:v1", dir.resolve("pulled").toString());
            assertThat(pull.exitCode()).isEqualTo(Main.EXIT_ERROR);
            assertThat(pull.stderr()).contains(layer);
            // Pushing the image again brings the good bytes back.
            CliRun push = CliRun.of("push", "--insecure", "oci:" + dir.resolve("layout") + ":v1", "127.0.0.1:" + server.port() + "/scrub/app:v1");
            assertThat(push.exitCode()).as(push.stderr()).isZero();
        }
        CliRun after = CliRun.of("serve", "scrub", "--data", data.toString());
        assertThat(after.exitCode()).as(after.stdout()).isZero();
    }

    @Test
    void aMissingStoreIsAUsageError() {
        CliRun run = CliRun.of("serve", "scrub", "--data", dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("no registry store at");
    }
}
