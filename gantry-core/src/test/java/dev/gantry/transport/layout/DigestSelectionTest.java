package dev.gantry.transport.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.oci.MediaTypes;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code oci:DIR@sha256:...} and {@code oci-archive:FILE@sha256:...}: a manifest chosen by its digest. */
class DigestSelectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNKNOWN = "sha256:" + "0".repeat(64);

    @TempDir
    static Path dir;
    static Path multi;
    static Path multiArchive;
    static String indexDigest;
    static String armDigest;

    @BeforeAll
    static void buildFixtures() throws IOException {
        multi = Fixtures.multiPlatformLayout(dir, Fixtures.umociLayout(dir), false);
        multiArchive = dir.resolve("multi.tar");
        Fixtures.skopeo(dir, "copy", "--all", "oci:" + multi + ":" + Fixtures.MULTI_TAG, "oci-archive:" + multiArchive + ":m");
        indexDigest = JSON.readTree(multi.resolve("index.json").toFile()).path("manifests").get(0).path("digest").asText();
        JsonNode index = JSON.readTree(Fixtures.blob(multi, indexDigest).toFile());
        armDigest = index.path("manifests").get(1).path("digest").asText();
    }

    @Test
    void aDigestSelectsAnIndexJsonEntry() throws IOException {
        try (ImageSource source = open("oci:" + multi + "@" + indexDigest)) {
            assertThat(source.root().digest()).hasToString(indexDigest);
            assertThat(Images.open(source)).isInstanceOf(Index.class);
        }
    }

    @Test
    void aDigestSelectsAManifestAnIndexNames() throws IOException {
        for (String location : new String[] {"oci:" + multi + "@" + armDigest, "oci-archive:" + multiArchive + "@" + armDigest}) {
            try (ImageSource source = open(location)) {
                assertThat(source.root().digest()).as(location).hasToString(armDigest);
                assertThat(source.root().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
                assertThat(((Image) Images.open(source)).config().architecture()).isEqualTo("arm64");
            }
        }
    }

    @Test
    void anUnknownDigestIsReportedAsAMissingManifestListingWhatTheLayoutHolds() {
        for (String store : new String[] {"oci:" + multi, "oci-archive:" + multiArchive}) {
            assertThatThrownBy(() -> open(store + "@" + UNKNOWN).root())
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageStartingWith("manifest " + UNKNOWN + " not found in " + store + "; it holds: ")
                    .hasMessageNotContaining("tag '");
        }
        assertThatThrownBy(() -> open("oci:" + multi + "@" + UNKNOWN).root())
                .hasMessageEndingWith("it holds: " + Fixtures.MULTI_TAG);
    }

    @Test
    void theDigestFormParsesAndPrintsLikeARegistryReference() throws IOException {
        TransportRef ref = TransportRef.parse("oci:" + multi + "@" + armDigest);
        assertThat(ref.path()).isEqualTo(multi);
        assertThat(ref.selector()).isEqualTo(armDigest);
        assertThat(ref.selectsDigest()).isTrue();
        assertThat(ref).hasToString("oci:" + multi + "@" + armDigest);
        assertThat(TransportRef.parse(multi + "@" + armDigest).selector()).isEqualTo(armDigest);
        assertThatThrownBy(() -> TransportRef.parse("oci:" + multi + "@sha256:abc"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sha256:abc");
    }

    @Test
    void aDigestCannotNameADestination(@TempDir Path out) {
        assertThatThrownBy(() -> Transports.openTarget(TransportRef.parse("oci:" + out + "@" + armDigest), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("oci:" + out + ":TAG");
    }

    private static ImageSource open(String location) throws IOException {
        return Transports.openSource(TransportRef.parse(location));
    }
}
