package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.ref.Reference;
import dev.gantry.registry.client.RegistryClient;
import dev.gantry.registry.client.RegistryException;
import dev.gantry.registry.client.RegistryTransportProvider;
import dev.gantry.registry.client.UploadPolicy;
import dev.gantry.testing.SmallFileSystem;
import dev.gantry.transport.RemoteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * `gantry serve` (its own JVM) on a 20 MiB tmpfs, filled by `gantry push` of 3 MiB images until
 * a push is refused: the client's one-line error carries the registry's reason, the server logs
 * one line per refusal and no stack trace, reads and scrub are fine, and once `gantry gc` has
 * freed space the refused image goes up and comes back identical.
 */
class DiskFullTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMAGES = 8;

    @TempDir
    Path dir;

    private String layout(int i) {
        return "oci:" + dir.resolve("images/" + i) + ":v1";
    }

    private void createImages() throws Exception {
        for (int i = 0; i < IMAGES; i++) {
            Path content = Files.createDirectories(dir.resolve("content/" + i));
            byte[] noise = new byte[3 << 20];
            new Random(i).nextBytes(noise);
            Files.write(content.resolve("noise"), noise);
            CliRun created = CliRun.of("image", "create", "--layer", content + ":/srv", "-o", layout(i));
            assertThat(created.exitCode()).as(created.stderr()).isZero();
        }
    }

    private static JsonNode health(int port) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void aPushOntoAFullDiskSaysSoInOneLineAndGoesThroughOnceGcFreedSpace() throws Exception {
        createImages();
        try (SmallFileSystem small = SmallFileSystem.mount(dir.resolve("mnt"), 20)) {
            Path data = small.path().resolve("data");
            int port = ServeProcess.freePort();
            String host = "127.0.0.1:" + port;
            try (ServeProcess serve = ServeProcess.start(dir, "--addr", host, "--data", data.toString(), "--no-access-log")) {
                List<Integer> pushed = new ArrayList<>();
                CliRun refused = null;
                int refusedImage = -1;
                for (int i = 0; i < IMAGES && refused == null; i++) {
                    CliRun push = CliRun.of("push", "--insecure", layout(i), host + "/full/img" + i + ":v1");
                    if (push.exitCode() == 0) {
                        pushed.add(i);
                    } else {
                        refused = push;
                        refusedImage = i;
                    }
                }
                assertThat(refused).as("20 MiB cannot hold %d images of 3 MiB", IMAGES).isNotNull();
                assertThat(pushed).isNotEmpty();
                assertThat(refused.exitCode()).isEqualTo(Main.EXIT_ERROR);
                List<String> errors = refused.stderr().lines().filter(l -> l.startsWith("gantry: error:")).toList();
                assertThat(errors).singleElement().asString()
                        .contains("HTTP 507 UNKNOWN (the registry's storage is full, so nothing of this request was stored")
                        .contains("push again once space has been freed on the registry)");

                // A chunked upload (PATCHes) is not resumed into a full disk: the registry's reason comes through.
                byte[] blob = new byte[4 << 20];
                new Random(99).nextBytes(blob);
                Descriptor descriptor = new Descriptor("application/octet-stream", Digest.sha256(blob), blob.length);
                RegistryClient client = RegistryTransportProvider.client(Reference.parse(host + "/full/chunked"),
                        new RemoteOptions(true, dir.resolve("no-auth.json")));
                assertThatThrownBy(() -> client.putBlob(descriptor, new ByteArrayInputStream(blob), new UploadPolicy(0, 1 << 20, true)))
                        .isInstanceOf(RegistryException.class)
                        .hasMessageContaining("HTTP 507 UNKNOWN (the registry's storage is full")
                        .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(507));

                // Reads go on, nothing half-written is visible, and /healthz shows how little room is left.
                CliRun pull = CliRun.of("pull", "--insecure", host + "/full/img" + pushed.getFirst() + ":v1", dir.resolve("pulled").toString());
                assertThat(pull.exitCode()).as(pull.stderr()).isZero();
                assertThat(CliRun.of("digest", "oci:" + dir.resolve("pulled") + ":v1").stdout())
                        .isEqualTo(CliRun.of("digest", layout(pushed.getFirst())).stdout());
                assertThat(CliRun.of("tags", "--insecure", host + "/full/img" + refusedImage).stdout()).doesNotContain("v1");
                CliRun scrub = CliRun.of("serve", "scrub", "--data", data.toString());
                assertThat(scrub.exitCode()).as(scrub.stdout()).isZero();
                JsonNode storage = health(port).path("storage");
                assertThat(storage.path("totalBytes").asLong()).isEqualTo(20 << 20);
                assertThat(storage.path("freeBytes").asLong()).isLessThan(3 << 20);

                // The operator frees space: delete an image, collect its blobs, and the refused push goes through.
                assertThat(CliRun.of("delete", "--insecure", host + "/full/img" + pushed.getFirst() + ":v1").exitCode()).isZero();
                CliRun gc = CliRun.of("gc", "--data", data.toString(), "--grace", "PT0S");
                assertThat(gc.exitCode()).as(gc.stderr()).isZero();
                assertThat(health(port).path("storage").path("freeBytes").asLong()).isGreaterThan(3 << 20);
                CliRun again = CliRun.of("push", "--insecure", layout(refusedImage), host + "/full/img" + refusedImage + ":v1");
                assertThat(again.exitCode()).as(again.stderr()).isZero();
                CliRun back = CliRun.of("pull", "--insecure", host + "/full/img" + refusedImage + ":v1", dir.resolve("again").toString());
                assertThat(back.exitCode()).as(back.stderr()).isZero();
                assertThat(CliRun.of("digest", "oci:" + dir.resolve("again") + ":v1").stdout())
                        .isEqualTo(CliRun.of("digest", layout(refusedImage)).stdout());

                assertThat(serve.terminate()).isEqualTo(143);
                List<String> log = serve.output().stream().filter(l -> !l.startsWith("gantry: serving the registry API on ")).toList();
                // One line per refused request: time, level, what was refused and why; never a stack trace.
                assertThat(log).isNotEmpty().allSatisfy(line -> assertThat(line).matches(
                        "\\d{4}-\\d\\d-\\d\\dT[\\d:]{8}[+-]\\d{4} WARNING (POST|PUT|PATCH) /v2/full/\\S+ refused \\(507 Insufficient Storage\\): "
                                + "no space left in storage to write /\\S+ \\(No space left on device\\); \\d+ of 20971520 bytes free"));
            }
        }
    }
}
