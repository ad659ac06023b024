package dev.gantry.image;

import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Platform;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Picking one image out of a real two-platform index (umoci's image and an arm64 twin). */
class PlatformSelectorTest {
    @TempDir
    static Path shared;
    static Path layout;
    static Path multi;

    @BeforeAll
    static void buildFixtures() {
        layout = Fixtures.umociLayout(shared);
        multi = Fixtures.multiPlatformLayout(shared, layout, false);
    }

    @ParameterizedTest
    @CsvSource({"linux/amd64, amd64", "linux/arm64, arm64", "linux/arm64/v8, arm64"})
    void picksTheChildWhosePlatformMatches(String wanted, String architecture) throws IOException {
        try (ImageSource source = open("oci:" + multi + ":" + Fixtures.MULTI_TAG)) {
            Artifact root = Images.open(source);
            assertThat(root).isInstanceOf(Index.class);
            Image image = PlatformSelector.select(root, Platform.parse(wanted));
            assertThat(image.config().architecture()).isEqualTo(architecture);
            assertThat(((Index) root).manifest().manifests()).extracting(d -> d.digest())
                    .contains(image.descriptor().digest());
        }
    }

    @Test
    void missingPlatformListsThoseTheIndexHas() throws IOException {
        try (ImageSource source = open("oci:" + multi + ":" + Fixtures.MULTI_TAG)) {
            Artifact root = Images.open(source);
            assertThatThrownBy(() -> PlatformSelector.select(root, Platform.parse("linux/s390x")))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("linux/s390x")
                    .hasMessageContaining("linux/amd64")
                    .hasMessageContaining("linux/arm64/v8")
                    .hasMessageContaining(source.root().digest().toString());
        }
    }

    @Test
    void aSingleImageIsItsOwnSelection() throws IOException {
        try (ImageSource source = open("oci:" + layout + ":" + Fixtures.TAG)) {
            Artifact root = Images.open(source);
            assertThat(PlatformSelector.select(root, Platform.parse("linux/s390x"))).isSameAs(root);
        }
    }

    @Test
    void everyListsEachPlatformImageInIndexOrderAndAnImageAsItself() throws IOException {
        try (ImageSource source = open("oci:" + multi + ":" + Fixtures.MULTI_TAG)) {
            Artifact root = Images.open(source);
            assertThat(PlatformSelector.every(root)).extracting(i -> i.config().architecture())
                    .containsExactly("amd64", "arm64");
            assertThat(PlatformSelector.every(root)).extracting(Image::descriptor).extracting(d -> d.digest())
                    .containsExactlyElementsOf(((Index) root).manifest().manifests().stream().map(d -> d.digest()).toList());
        }
        try (ImageSource source = open("oci:" + layout + ":" + Fixtures.TAG)) {
            Artifact root = Images.open(source);
            assertThat(PlatformSelector.every(root)).containsExactly((Image) root);
        }
    }

    static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }
}
