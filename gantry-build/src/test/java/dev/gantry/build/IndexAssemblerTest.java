package dev.gantry.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.copy.ImageWriter;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Json;
import dev.gantry.oci.Platform;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexAssemblerTest {
    @TempDir
    Path work;

    private String image(String name, String platform) throws IOException {
        String ref = "oci:" + work.resolve(name) + ":v1";
        try (ImageTarget target = Transports.openTarget(TransportRef.parse(ref), null)) {
            ImageWriter.write(Mutate.empty(Platform.parse(platform)), target);
        }
        return ref;
    }

    private IndexAssembler.Result index(String out, String... refs) throws IOException {
        List<ImageSource> sources = new ArrayList<>();
        try (ImageTarget target = Transports.openTarget(TransportRef.parse(out), null)) {
            for (String ref : refs) {
                sources.add(Transports.openSource(TransportRef.parse(ref)));
            }
            return new IndexAssembler().assemble(sources, target);
        } finally {
            for (ImageSource s : sources) {
                s.close();
            }
        }
    }

    @Test
    void indexListsEachImageWithThePlatformOfItsConfig() throws Exception {
        String out = "oci:" + work.resolve("index") + ":multi";
        index(out, image("amd", "linux/amd64"), image("arm", "linux/arm64/v8"));
        try (ImageSource source = Transports.openSource(TransportRef.parse(out))) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
        }
        PeerTools.assumeInstalled("skopeo");
        JsonNode raw = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", "--raw", out).stdout());
        assertThat(raw.at("/manifests")).hasSize(2);
        assertThat(raw.at("/manifests/1/platform/architecture").asText()).isEqualTo("arm64");
        assertThat(raw.at("/manifests/1/platform/variant").asText()).isEqualTo("v8");
        JsonNode arm = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", "--override-arch", "arm64", out).stdout());
        assertThat(arm.get("Architecture").asText()).isEqualTo("arm64");
    }

    @Test
    void twoImagesOfOnePlatformAreRefused() throws Exception {
        String a = image("a", "linux/amd64");
        String b = image("b", "linux/amd64");
        assertThatThrownBy(() -> index("oci:" + work.resolve("index") + ":multi", a, b))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("linux/amd64");
    }
}
