package dev.gantry.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Json;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServeRegistryTest {
    @TempDir
    Path work;
    String image;
    Digest digest;

    @BeforeEach
    void umociImage() throws Exception {
        image = "oci:" + Fixtures.umociLayout(work) + ":" + Fixtures.TAG;
        digest = Locations.digest(image);
    }

    @Test
    void servesWhatIsPushedToSkopeoAndBackToGantry() throws Exception {
        Path data = work.resolve("data");
        try (RegistryServer registry = ServeRegistry.start(data)) {
            String pushed = "docker://127.0.0.1:" + registry.port() + "/examples/app:v1";

            assertThat(ServeRegistry.copy(image, pushed).digest()).isEqualTo(digest);

            JsonNode inspected = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", "--tls-verify=false", pushed).stdout());
            assertThat(inspected.get("Digest").asText()).isEqualTo(digest.toString());
            assertThat(data.resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex() + "/data")).isRegularFile();
            String pulled = "oci:" + work.resolve("pulled") + ":v1";
            assertThat(ServeRegistry.copy(pushed, pulled).digest()).isEqualTo(digest);
            assertThat(Locations.digest(pulled)).isEqualTo(digest);
        }
    }

    @Test
    void mainPushesAndPullsBackTheSameImage() throws Exception {
        String pulled = "oci:" + work.resolve("pulled") + ":v1";

        ServeRegistry.main(new String[] {image, work.resolve("data").toString(), pulled});

        assertThat(Locations.digest(pulled)).isEqualTo(digest);
        assertThat(Locations.layers(pulled)).isEqualTo(Locations.layers(image));
    }
}
