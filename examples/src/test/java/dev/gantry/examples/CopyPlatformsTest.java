package dev.gantry.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Json;
import dev.gantry.oci.Platform;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.gantry.examples.Locations.PLAIN_HTTP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class CopyPlatformsTest {
    @TempDir
    Path work;
    Path multi;
    String source;
    Map<String, Digest> sourcePlatforms;

    @BeforeEach
    void twoPlatformIndex() throws Exception {
        multi = Fixtures.multiPlatformLayout(work, Fixtures.umociLayout(work), false);
        source = "oci:" + multi + ":" + Fixtures.MULTI_TAG;
        sourcePlatforms = Locations.platforms(source);
        assertThat(sourcePlatforms).containsOnlyKeys("linux/amd64", "linux/arm64/v8");
    }

    @Test
    void copiesOnePlatformFromRegistryToRegistry() throws Exception {
        try (RegistryServer from = ServeRegistry.start(work.resolve("from-data"));
             RegistryServer to = ServeRegistry.start(work.resolve("to-data"))) {
            String published = "docker://127.0.0.1:" + from.port() + "/multi/app:v1";
            ServeRegistry.copy(source, published);
            String armOnly = "docker://127.0.0.1:" + to.port() + "/multi/app:arm64";

            Digest written = CopyPlatforms.copy(published, armOnly, List.of(Platform.parse("linux/arm64")), PLAIN_HTTP).digest();

            assertThat(Locations.digest(armOnly)).isEqualTo(written);
            assertThat(Locations.platforms(armOnly)).containsExactly(entry("linux/arm64/v8", sourcePlatforms.get("linux/arm64/v8")));
            String amd64 = "docker://127.0.0.1:" + to.port() + "/multi/app@" + sourcePlatforms.get("linux/amd64");
            assertThatThrownBy(() -> Locations.digest(amd64)).isInstanceOf(NotFoundException.class);
            // A peer reads the new index from the registry the same way.
            JsonNode index = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", "--raw", "--tls-verify=false",
                    armOnly).stdout());
            assertThat(index.get("manifests")).hasSize(1);
            assertThat(index.at("/manifests/0/digest").asText()).isEqualTo(sourcePlatforms.get("linux/arm64/v8").toString());
        }
    }

    @Test
    void copiesOnePlatformToAnOciLayoutWithoutTheOthersBlobs() throws Exception {
        Path out = work.resolve("out");

        CopyPlatforms.copy(source, "oci:" + out + ":amd64", List.of(Platform.parse("linux/amd64")), PLAIN_HTTP);

        assertThat(Locations.platforms("oci:" + out + ":amd64"))
                .containsExactly(entry("linux/amd64", sourcePlatforms.get("linux/amd64")));
        assertThat(Fixtures.blob(out, sourcePlatforms.get("linux/amd64").toString())).exists();
        assertThat(Fixtures.blob(out, sourcePlatforms.get("linux/arm64/v8").toString())).doesNotExist();
        // skopeo finds the amd64 image through the new index, with the source image's layers.
        JsonNode inspected = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", "--override-os", "linux",
                "--override-arch", "amd64", "oci:" + out + ":amd64").stdout());
        assertThat(inspected.get("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspected.get("Layers")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(Locations.layers("oci:" + multi + "@" + sourcePlatforms.get("linux/amd64"))
                        .stream().map(Digest::toString).toList());
    }

    @Test
    void refusesPlatformsTheIndexLacksAndWritesNoIndex() {
        Path out = work.resolve("none");

        assertThatThrownBy(() -> CopyPlatforms.copy(source, "oci:" + out + ":s390x", List.of(Platform.parse("linux/s390x")),
                PLAIN_HTTP))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("linux/s390x")
                .hasMessageContaining("linux/amd64, linux/arm64/v8");
        assertThat(Files.exists(out.resolve("index.json"))).isFalse();
    }
}
