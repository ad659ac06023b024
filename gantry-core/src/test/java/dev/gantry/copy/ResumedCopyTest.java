package dev.gantry.copy;

import dev.gantry.error.DigestMismatchException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.oci.Descriptor;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A blob an interrupted copy left in a layout ({@code blobs/sha256/.HEX.partial}) is continued
 * by the next copy, checked over all its bytes; kept bytes that do not match are dropped.
 */
class ResumedCopyTest {
    @TempDir
    static Path shared;
    static Path layout;
    static Descriptor biggestLayer;

    @BeforeAll
    static void buildFixture() throws IOException {
        layout = Fixtures.umociLayout(shared);
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + layout + ":" + Fixtures.TAG))) {
            Image image = (Image) Images.open(source);
            biggestLayer = image.manifest().layers().stream().max((a, b) -> Long.compare(a.size(), b.size())).orElseThrow();
        }
    }

    @Test
    void copyContinuesAKeptPrefixAndPlacesTheWholeVerifiedBlob(@TempDir Path out) throws IOException {
        Path target = out.resolve("target");
        byte[] whole = Files.readAllBytes(Fixtures.blob(layout, biggestLayer.digest().toString()));
        Path partial = plantPartial(target, Arrays.copyOf(whole, whole.length / 2));

        ImageCopierTest.copy("oci:" + layout + ":" + Fixtures.TAG, "oci:" + target + ":" + Fixtures.TAG);

        assertThat(partial).doesNotExist();
        assertThat(Fixtures.blob(target, biggestLayer.digest().toString())).hasBinaryContent(whole);
        assertValid("oci:" + target + ":" + Fixtures.TAG);
    }

    @Test
    void keptBytesThatDoNotMatchFailTheCopyAndAreDroppedSoTheNextCopyStartsOver(@TempDir Path out) throws IOException {
        Path target = out.resolve("target");
        byte[] wrong = Files.readAllBytes(Fixtures.blob(layout, biggestLayer.digest().toString()));
        wrong[10] ^= 1;
        Path partial = plantPartial(target, Arrays.copyOf(wrong, wrong.length / 2));
        String from = "oci:" + layout + ":" + Fixtures.TAG;
        String to = "oci:" + target + ":" + Fixtures.TAG;

        assertThatThrownBy(() -> ImageCopierTest.copy(from, to)).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(biggestLayer.digest().toString());
        assertThat(partial).doesNotExist();
        assertThat(Files.readString(target.resolve("index.json"))).as("no image tagged").doesNotContain("digest");

        ImageCopierTest.copy(from, to);
        assertValid(to);
    }

    private static void assertValid(String ref) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref))) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
        }
    }

    private static Path plantPartial(Path target, byte[] prefix) throws IOException {
        Path dir = target.resolve("blobs").resolve(biggestLayer.digest().algorithm().id());
        Files.createDirectories(dir);
        return Files.write(dir.resolve("." + biggestLayer.digest().hex() + ".partial"), prefix);
    }
}
