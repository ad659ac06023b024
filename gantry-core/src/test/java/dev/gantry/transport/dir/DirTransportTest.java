package dev.gantry.transport.dir;

import dev.gantry.copy.CopyListener;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** skopeo's dir: form, written and read by Gantry and by skopeo 1.9 both ways. */
class DirTransportTest {
    @TempDir
    static Path shared;
    static Path layout;
    static Path multi;

    @BeforeAll
    static void buildFixtures() {
        layout = Fixtures.umociLayout(shared);
        multi = Fixtures.multiPlatformLayout(shared, layout, false);
    }

    @Test
    void writesADirThatSkopeoInspectsAndCopies(@TempDir Path out) throws IOException {
        Path dir = out.resolve("img");
        Descriptor written = copy("oci:" + layout + ":" + Fixtures.TAG, "dir:" + dir, false);

        assertThat(Files.readString(dir.resolve("version"))).isEqualTo("Directory Transport Version: 1.1\n");
        assertThat(Fixtures.sha256(dir.resolve("manifest.json"))).isEqualTo(written.digest().toString());
        assertThat(Fixtures.skopeo(out, "inspect", "dir:" + dir).stdout()).contains(written.digest().toString());
        Fixtures.skopeo(out, "copy", "dir:" + dir, "oci:" + out.resolve("back") + ":b");
        Fixtures.umoci(out, "stat", "--image", out.resolve("back") + ":b");
        assertThat(rootDigest("oci:" + out.resolve("back") + ":b")).isEqualTo(written.digest());
    }

    @Test
    void writesAWholeIndexWithTheFileNamesSkopeoUses(@TempDir Path out) throws IOException {
        Path ours = out.resolve("ours");
        Path skopeos = out.resolve("skopeos");
        Descriptor written = copy("oci:" + multi + ":" + Fixtures.MULTI_TAG, "dir:" + ours, true);
        Fixtures.skopeo(out, "copy", "--all", "oci:" + multi + ":" + Fixtures.MULTI_TAG, "dir:" + skopeos);

        assertThat(written.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(fileNames(ours)).isEqualTo(fileNames(skopeos)).anyMatch(n -> n.endsWith(".manifest.json"));
        for (String name : fileNames(skopeos)) {
            if (!name.equals("manifest.json")) { // skopeo re-serialises the index; every other file is content-addressed
                assertThat(Files.readAllBytes(ours.resolve(name))).as(name).isEqualTo(Files.readAllBytes(skopeos.resolve(name)));
            }
        }
        Fixtures.skopeo(out, "copy", "--all", "dir:" + ours, "oci:" + out.resolve("back") + ":all");
        assertThat(rootDigest("oci:" + out.resolve("back") + ":all")).isEqualTo(written.digest());
    }

    @Test
    void readsAnImageSkopeoWrote(@TempDir Path out) throws IOException {
        Path dir = out.resolve("s");
        Fixtures.skopeo(out, "copy", "oci:" + layout + ":" + Fixtures.TAG, "dir:" + dir);

        assertThat(rootDigest("dir:" + dir)).isEqualTo(rootDigest("oci:" + layout + ":" + Fixtures.TAG));
        try (ImageSource src = open("dir:" + dir)) {
            assertThat(Images.open(src)).isInstanceOf(Image.class);
            assertThat(new ImageValidator(src, false).validate().findings()).isEmpty();
        }
        Descriptor copied = copy("dir:" + dir, "oci:" + out.resolve("o") + ":o", false);
        Fixtures.umoci(out, "stat", "--image", out.resolve("o") + ":o");
        assertThat(copied.digest()).isEqualTo(rootDigest("dir:" + dir));
    }

    @Test
    void readsAWholeIndexSkopeoWrote(@TempDir Path out) throws IOException {
        Path dir = out.resolve("s");
        Fixtures.skopeo(out, "copy", "--all", "oci:" + multi + ":" + Fixtures.MULTI_TAG, "dir:" + dir);
        Digest skopeoIndex = Digest.parse(Fixtures.sha256(dir.resolve("manifest.json")));

        try (ImageSource src = open("dir:" + dir)) {
            assertThat(src.root().digest()).isEqualTo(skopeoIndex);
            Index index = (Index) Images.open(src);
            assertThat(index.manifest().manifests()).hasSize(2);
            assertThat(new ImageValidator(src, false).validate().findings()).isEmpty();
        }
        Descriptor copied = copy("dir:" + dir, "oci:" + out.resolve("o") + ":o", true);
        assertThat(copied.digest()).isEqualTo(skopeoIndex);
        Fixtures.skopeo(out, "copy", "--override-arch", "arm64", "oci:" + out.resolve("o") + ":o", "oci:" + out.resolve("arm") + ":a");
        Fixtures.umoci(out, "stat", "--image", out.resolve("arm") + ":a");
    }

    @Test
    void aBareDirectoryWithVersionAndManifestIsDetectedAsDir(@TempDir Path out) throws IOException {
        Path dir = out.resolve("s");
        Fixtures.skopeo(out, "copy", "oci:" + layout + ":" + Fixtures.TAG, "dir:" + dir);
        assertThat(TransportRef.parse(dir.toString()).kind()).isEqualTo(TransportRef.Kind.DIR);
        assertThat(TransportRef.parse("dir:" + dir).toString()).isEqualTo("dir:" + dir);
        assertThatThrownBy(() -> open(dir + ":latest"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds one image");
    }

    @Test
    void rewritingADirLeavesOnlyTheNewImage(@TempDir Path out) throws IOException {
        Path dir = out.resolve("d");
        copy("oci:" + multi + ":" + Fixtures.MULTI_TAG, "dir:" + dir, true);
        copy("oci:" + layout + ":" + Fixtures.TAG, "dir:" + dir, false);
        Path fresh = out.resolve("fresh");
        copy("oci:" + layout + ":" + Fixtures.TAG, "dir:" + fresh, false);

        assertThat(fileNames(dir)).isEqualTo(fileNames(fresh)).noneMatch(n -> n.endsWith(".manifest.json"));
        Fixtures.skopeo(out, "inspect", "dir:" + dir);
    }

    @Test
    void refusesToWriteIntoADirectoryThatIsNotADirImage(@TempDir Path out) throws IOException {
        Path dir = Files.createDirectories(out.resolve("mine"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> copy("oci:" + layout + ":" + Fixtures.TAG, "dir:" + dir, false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("not empty");
        assertThat(fileNames(dir)).containsExactly("notes.txt");
    }

    @Test
    void refusesABlobNameThatIsNotADigest(@TempDir Path out) throws IOException {
        Path dir = out.resolve("s");
        Fixtures.skopeo(out, "copy", "oci:" + layout + ":" + Fixtures.TAG, "dir:" + dir);
        String manifest = Files.readString(dir.resolve("manifest.json"));
        String layer = manifest.replaceAll("(?s).*\"layers\":\\[\\{[^}]*\"digest\":\"(sha256:[0-9a-f]+)\".*", "$1");
        Files.writeString(dir.resolve("manifest.json"), manifest.replace(layer, "sha256:../x"));
        Files.writeString(out.resolve("x"), "outside");

        assertThatThrownBy(() -> readEverything("dir:" + dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sha256:../x")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesABlobSymlinkedOutOfTheDirectory(@TempDir Path out) throws IOException {
        Path dir = out.resolve("s");
        Fixtures.skopeo(out, "copy", "oci:" + layout + ":" + Fixtures.TAG, "dir:" + dir);
        Digest config;
        try (ImageSource src = open("dir:" + dir)) {
            config = ((Image) Images.open(src)).configDescriptor().digest();
        }
        Path blob = dir.resolve(config.hex());
        Path outside = out.resolve("outside-config.json");
        Files.move(blob, outside);
        Files.createSymbolicLink(blob, outside);

        assertThatThrownBy(() -> readEverything("dir:" + dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(config.hex())
                .hasMessageContaining("outside")
                .hasMessageNotContaining("\n");
    }

    // ---- helpers

    private static Descriptor copy(String from, String to, boolean all) throws IOException {
        try (ImageSource src = open(from); ImageTarget dst = Transports.openTarget(TransportRef.parse(to), null)) {
            return new ImageCopier(src, dst, new CopyOptions(all, null, null, 3, CopyListener.NONE)).copy();
        }
    }

    private static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }

    private static Digest rootDigest(String ref) throws IOException {
        try (ImageSource src = open(ref)) {
            return src.root().digest();
        }
    }

    private static void readEverything(String ref) throws IOException {
        try (ImageSource src = open(ref)) {
            Image image = (Image) Images.open(src);
            image.config();
            for (var layer : image.layers()) {
                try (InputStream in = layer.openCompressed()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        }
    }

    private static Set<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
