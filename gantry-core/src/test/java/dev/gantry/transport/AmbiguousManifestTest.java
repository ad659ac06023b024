package dev.gantry.transport;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.MediaTypes;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.layout.OciLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.gantry.transport.HostileInputTest.readEverything;
import static dev.gantry.transport.HostileInputTest.rewriteManifest;
import static dev.gantry.transport.HostileInputTest.writeIndex;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CVE-2021-41190 in a layout: one digest must not read as an image to one client and as an
 * index to another. Every local reader goes through the rule in {@code Manifests.parse}.
 */
class AmbiguousManifestTest {
    @TempDir
    static Path shared;
    static Path layout;

    @BeforeAll
    static void buildFixture() {
        layout = Fixtures.umociLayout(shared);
    }

    @Test
    void layoutManifestWithBothLayersAndManifestsIsRefusedNamingItsDigest(@TempDir Path dir) throws IOException {
        Path copy = copy(dir);
        Digest digest = rewriteManifest(copy, m -> m.putArray("manifests"));
        assertThatThrownBy(() -> readEverything("oci:" + copy))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ambiguous manifest")
                .hasMessageContaining(digest.toString());
    }

    @Test
    void layoutDescriptorThatCallsAnImageAnIndexIsRefused(@TempDir Path dir) throws IOException {
        Path copy = copy(dir);
        Digest declared = rewriteManifest(copy, m -> m.put("mediaType", MediaTypes.OCI_MANIFEST));
        writeIndex(copy, MediaTypes.OCI_INDEX, declared.toString(), Files.size(copy.resolve(OciLayout.blobPath(declared))));
        assertThatThrownBy(() -> readEverything("oci:" + copy))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("declares mediaType " + MediaTypes.OCI_MANIFEST)
                .hasMessageContaining("named as " + MediaTypes.OCI_INDEX);
        // umoci leaves mediaType out (image-spec allows it): then the descriptor's type rules, and the shape must fit it.
        Digest undeclared = rewriteManifest(copy, m -> m.remove("mediaType"));
        writeIndex(copy, MediaTypes.OCI_INDEX, undeclared.toString(), Files.size(copy.resolve(OciLayout.blobPath(undeclared))));
        assertThatThrownBy(() -> readEverything("oci:" + copy))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("an index (" + MediaTypes.OCI_INDEX + ") must not have \"layers\"");
    }

    @Test
    void indexJsonWithLayersIsRefused(@TempDir Path dir) throws IOException {
        Path copy = copy(dir);
        String index = Files.readString(copy.resolve("index.json"));
        Files.writeString(copy.resolve("index.json"), index.replaceFirst("\\{", "{\"layers\":[],"));
        assertThatThrownBy(() -> readEverything("oci:" + copy))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("index.json")
                .hasMessageContaining("\"layers\"");
    }

    @Test
    void indexJsonWithADuplicateKeyIsRefused(@TempDir Path dir) throws IOException {
        Path copy = copy(dir);
        String index = Files.readString(copy.resolve("index.json"));
        Files.writeString(copy.resolve("index.json"), index.replaceFirst("\\{", "{\"manifests\":[],"));
        assertThatThrownBy(() -> readEverything("oci:" + copy))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("index.json")
                .hasMessageContaining("Duplicate field 'manifests'");
    }

    private static Path copy(Path dir) throws IOException {
        Path to = dir.resolve("layout");
        Fixtures.copyTree(layout, to);
        return to;
    }
}
