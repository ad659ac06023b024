package dev.gantry.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.GantryException;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.LimitExceededException;
import dev.gantry.error.NotFoundException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.oci.MediaTypes;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.archive.DockerArchiveSource;
import dev.gantry.transport.files.DirTree;
import dev.gantry.transport.files.FileTree;
import dev.gantry.transport.files.TarTree;
import dev.gantry.transport.layout.LayoutSource;
import dev.gantry.transport.layout.OciLayout;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damaged and hostile stores: every failure is a typed {@link GantryException} whose message
 * names the file or digest at fault, and nothing is read that need not be.
 */
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HUNDRED_MB = 100L << 20;

    @TempDir
    static Path shared;
    static Path layout;
    static Path dockerArchive;
    static Path ociArchive;

    @BeforeAll
    static void buildFixtures() {
        layout = Fixtures.umociLayout(shared);
        dockerArchive = Fixtures.dockerArchive(shared, layout);
        ociArchive = Fixtures.ociArchive(shared, layout);
    }

    // ---- truncated archives

    @ParameterizedTest
    @ValueSource(strings = {"docker-archive", "oci-archive"})
    void truncatedArchiveIsRefusedNamingIt(String kind, @TempDir Path dir) throws IOException {
        Path archive = dir.resolve("cut.tar");
        Files.copy(kind.equals("docker-archive") ? dockerArchive : ociArchive, archive);
        // Cut inside the data of an entry, so the table of contents promises more than there is.
        long cut = firstEntryEndingAfter(archive, Files.size(archive) / 2) - 100;
        truncate(archive, cut);

        assertThatThrownBy(() -> readEverything(kind + ":" + archive))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(archive.toString())
                .message().containsIgnoringCase("truncated");
    }

    @Test
    void archiveThatIsNotATarIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path archive = dir.resolve("junk.tar");
        Files.writeString(archive, "this is not a tar archive, it is a sentence that is long enough to be read\n".repeat(20));
        assertThatThrownBy(() -> readEverything("docker-archive:" + archive))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(archive.toString());
    }

    // ---- wrong digest, missing blob

    @Test
    void manifestWhoseBytesDoNotMatchItsDigestIsRefused(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Digest manifest = rootDigest(copy);
        Path blob = copy.resolve(OciLayout.blobPath(manifest));
        // Same length, one character changed: only the digest can tell.
        String text = Files.readString(blob);
        Files.writeString(blob, text.replace("schemaVersion", "schemaVersioN"));
        assertThat(Files.size(blob)).isEqualTo(text.length());

        assertThatThrownBy(() -> readEverything("oci:" + copy + ":" + Fixtures.TAG))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(manifest.toString())
                .hasMessageContaining(OciLayout.blobPath(manifest));
    }

    @Test
    void layerWhoseBytesDoNotMatchItsDigestFailsWhenRead(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Digest layer;
        try (ImageSource source = open("oci:" + copy + ":" + Fixtures.TAG)) {
            layer = ((Image) Images.open(source)).layers().get(0).digest();
        }
        Path blob = copy.resolve(OciLayout.blobPath(layer));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 1] ^= 1; // gzip ISIZE: decompressors that stop early never notice
        Files.write(blob, bytes);

        assertThatThrownBy(() -> readEverything("oci:" + copy + ":" + Fixtures.TAG))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(layer.toString())
                .hasMessageContaining(OciLayout.blobPath(layer));
    }

    @Test
    void missingManifestBlobIsNotFoundNamingDigestAndFile(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Digest manifest = rootDigest(copy);
        Files.delete(copy.resolve(OciLayout.blobPath(manifest)));

        assertThatThrownBy(() -> readEverything("oci:" + copy + ":" + Fixtures.TAG))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(manifest.toString())
                .hasMessageContaining(OciLayout.blobPath(manifest));
    }

    @Test
    void missingLayerInDockerArchiveIsNotFoundNamingThePath(@TempDir Path dir) throws IOException {
        Path folder = Fixtures.handMadeFolder(dir, true);
        Fixtures.writeManifestJson(folder, "config.json", "base/layer.tar", "base/missing.tar");
        Path archive = Fixtures.tarFolder(folder, dir.resolve("img.tar"));

        assertThatThrownBy(() -> readEverything("docker-archive:" + archive))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("base/missing.tar")
                .hasMessageContaining(archive.toString());
    }

    // ---- digests that are not digests

    @ParameterizedTest
    @ValueSource(strings = {"sha256:../../../../etc/passwd", "sha256:..%2F..%2Fetc", "sha256:/etc/passwd",
            "sha256:ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789"})
    void indexJsonDigestThatIsNotHexIsRefused(String bad, @TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        ObjectNode index = (ObjectNode) JSON.readTree(copy.resolve("index.json").toFile());
        ((ObjectNode) index.path("manifests").get(0)).put("digest", bad);
        JSON.writeValue(copy.resolve("index.json").toFile(), index);

        assertThatThrownBy(() -> readEverything("oci:" + copy + ":" + Fixtures.TAG))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("index.json")
                .hasMessageContaining(bad);
    }

    @Test
    void manifestLayerDigestThatClimbsOutIsRefused(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        String bad = "sha256:../../../../../../etc/passwd";
        Digest manifest = rewriteManifest(copy, m -> ((ObjectNode) m.path("layers").get(1)).put("digest", bad));

        assertThatThrownBy(() -> readEverything("oci:" + copy + ":" + Fixtures.TAG))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(manifest.toString())
                .hasMessageContaining(bad);
    }

    // ---- paths in manifest.json

    @ParameterizedTest
    @ValueSource(strings = {"../hand-src/layer.tar", "base/../../hand-src/layer.tar", "/etc/passwd", "base\\..\\..\\x"})
    void rejectsManifestJsonLayerPathThatEscapes(String layerPath, @TempDir Path dir) throws IOException {
        Path folder = Fixtures.handMadeFolder(dir, true);
        Fixtures.writeManifestJson(folder, "config.json", layerPath.replace("\\", "\\\\"));
        Path archive = Fixtures.tarFolder(folder, dir.resolve("img.tar"));

        assertThatThrownBy(() -> readEverything("docker-archive:" + archive))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("manifest.json Layers[0]")
                .hasMessageContaining(layerPath);
    }

    @Test
    void rejectsManifestJsonConfigPathWithDotDot(@TempDir Path dir) throws IOException {
        Path folder = Fixtures.handMadeFolder(dir, true);
        Fixtures.writeManifestJson(folder, "../config.json", "base/layer.tar");
        Path archive = Fixtures.tarFolder(folder, dir.resolve("img.tar"));

        assertThatThrownBy(() -> readEverything("docker-archive:" + archive))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("manifest.json Config")
                .hasMessageContaining("../config.json");
    }

    @Test
    void tarMemberNamedWithDotDotIsNeverReachable(@TempDir Path dir) throws IOException {
        PeerTools.assumeInstalled("tar");
        Path folder = Fixtures.handMadeFolder(dir, true);
        Path outside = dir.resolve("outside.tar");
        Files.copy(folder.resolve("base/layer.tar"), outside);
        Fixtures.writeManifestJson(folder, "config.json", "outside.tar");
        Path archive = dir.resolve("img.tar");
        // -P keeps the "../" that tar would otherwise strip from the member name.
        PeerTools.run(folder, "tar", "-cPf", archive.toString(), "manifest.json", "config.json", "../outside.tar");
        assertThat(PeerTools.stdout(dir, "tar", "-tf", archive.toString())).contains("../outside.tar");

        assertThatThrownBy(() -> readEverything("docker-archive:" + archive))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("outside.tar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../../../../etc/passwd", "../outside.tar"})
    void tarSymlinkLeadingOutOfTheArchiveIsNeverFollowed(String linkTarget, @TempDir Path dir) throws IOException {
        Path folder = Fixtures.handMadeFolder(dir, true);
        Files.copy(folder.resolve("base/layer.tar"), dir.resolve("outside.tar"));
        Files.delete(folder.resolve("base/layer.tar"));
        Files.createSymbolicLink(folder.resolve("base/layer.tar"), Path.of(linkTarget));
        Path archive = Fixtures.tarFolder(folder, dir.resolve("img.tar"));

        assertThatThrownBy(() -> readEverything("docker-archive:" + archive))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("base/layer.tar")
                .hasMessageContaining(archive.toString());
    }

    @Test
    void symlinkBlobLeadingOutOfTheLayoutIsRefused(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Digest manifest = rootDigest(copy);
        Path blob = copy.resolve(OciLayout.blobPath(manifest));
        Path outside = dir.resolve("outside.json");
        Files.move(blob, outside);
        Files.createSymbolicLink(blob, outside);

        assertThatThrownBy(() -> readEverything("oci:" + copy + ":" + Fixtures.TAG))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(manifest.hex())
                .hasMessageContaining("outside");
    }

    @Test
    void symlinkedBlobDirectoryLeadingOutOfTheLayoutIsRefusedForReadsAndWrites(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Path elsewhere = dir.resolve("elsewhere");
        Files.move(copy.resolve("blobs/sha256"), elsewhere);
        Files.createSymbolicLink(copy.resolve("blobs/sha256"), elsewhere);
        Digest manifest = rootDigest(copy);

        assertThatThrownBy(() -> readEverything("oci:" + copy + ":" + Fixtures.TAG))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(manifest.hex())
                .hasMessageContaining("leads outside " + copy);

        Path source = Fixtures.handMadeArchive(dir, true);
        List<Path> before;
        try (Stream<Path> files = Files.list(elsewhere)) {
            before = files.toList();
        }
        try (ImageSource src = open("docker-archive:" + source);
             ImageTarget dst = Transports.openTarget(TransportRef.parse("oci:" + copy + ":hand"), null)) {
            assertThatThrownBy(() -> new dev.gantry.copy.ImageCopier(src, dst, dev.gantry.copy.CopyOptions.defaults()).copy())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("leads outside " + copy);
        }
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertThat(files.toList()).as("nothing written through the symlink").containsExactlyInAnyOrderElementsOf(before);
        }
        assertThat(copy.resolve("index.json")).content().doesNotContain("hand");
    }

    // ---- huge documents

    @Test
    void hundredMegabyteIndexJsonFailsFastWithoutBeingRead(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        sparse(copy.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[", HUNDRED_MB);
        CountingTree tree = new CountingTree(new DirTree(copy));

        assertThatThrownBy(() -> new LayoutSource(tree, "oci:" + copy, null).root())
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("index.json")
                .hasMessageContaining("MiB");
        // "Fast" is measured in bytes, not by the clock: under 1 MiB of the 100 read through the tree.
        assertThat(tree.bytesRead.get()).isLessThan(1 << 20);
    }

    @Test
    void hundredMegabyteManifestJsonInDockerArchiveFailsFastWithoutBeingRead(@TempDir Path dir) throws IOException {
        Path archive = dir.resolve("huge.tar");
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
            TarArchiveEntry entry = new TarArchiveEntry("manifest.json");
            entry.setSize(HUNDRED_MB);
            byte[] header = new byte[512];
            entry.writeEntryHeader(header);
            f.write(header);
            f.setLength(512 + HUNDRED_MB + 1024); // sparse: zero data, then the end-of-archive blocks
        }
        CountingTree tree = new CountingTree(new TarTree(archive));

        assertThatThrownBy(() -> new DockerArchiveSource(tree, "docker-archive:" + archive, null).root())
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("manifest.json")
                .hasMessageContaining(archive.toString())
                .hasMessageContaining("MiB");
        assertThat(tree.bytesRead.get()).isLessThan(1 << 20);
        tree.close();
    }

    @Test
    void manifestDescriptorDeclaringHundredMegabytesIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        String fake = Fixtures.sha256("no such content");
        sparse(copy.resolve(OciLayout.blobPath(Digest.parse(fake))), "{", HUNDRED_MB);
        writeIndex(copy, MediaTypes.OCI_MANIFEST, fake, HUNDRED_MB);
        CountingTree tree = new CountingTree(new DirTree(copy));

        try (ImageSource source = new LayoutSource(tree, "oci:" + copy, null)) {
            assertThatThrownBy(() -> Images.open(source))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining(fake)
                    .hasMessageContaining("104857600");
        }
        assertThat(tree.bytesRead.get()).isLessThan(1 << 20);
    }

    @Test
    void manifestLongerThanItsDescriptorSaysStopsAtTheStatedSize(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        String fake = Fixtures.sha256("no such content");
        sparse(copy.resolve(OciLayout.blobPath(Digest.parse(fake))), "{", HUNDRED_MB);
        writeIndex(copy, MediaTypes.OCI_MANIFEST, fake, 300);
        CountingTree tree = new CountingTree(new DirTree(copy));

        try (ImageSource source = new LayoutSource(tree, "oci:" + copy, null)) {
            assertThatThrownBy(() -> Images.open(source))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining(fake)
                    .hasMessageContaining("300");
        }
        assertThat(tree.bytesRead.get()).isLessThan(1 << 20);
    }

    // ---- schema1

    @Test
    void schema1ManifestIsUnsupportedNamingIt(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        byte[] schema1 = """
                {"schemaVersion":1,"name":"library/old","tag":"latest","architecture":"amd64",\
                "fsLayers":[{"blobSum":"sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"}],\
                "history":[{"v1Compatibility":"{}"}]}""".getBytes(StandardCharsets.UTF_8);
        String digest = Fixtures.sha256(schema1);
        Files.write(copy.resolve(OciLayout.blobPath(Digest.parse(digest))), schema1);

        for (String declared : new String[] {MediaTypes.DOCKER_SCHEMA1_SIGNED, MediaTypes.DOCKER_SCHEMA1, MediaTypes.OCI_MANIFEST}) {
            writeIndex(copy, declared, digest, schema1.length);
            assertThatThrownBy(() -> readEverything("oci:" + copy))
                    .as("declared as %s", declared)
                    .isInstanceOf(UnsupportedFormatException.class)
                    .hasMessageContaining("schema1")
                    .hasMessageContaining(digest);
        }
    }

    @Test
    void indexJsonThatIsNotAnIndexIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path copy = copyLayout(dir);
        Files.writeString(copy.resolve("index.json"), "[\"not\", \"an\", \"index\"]");
        assertThatThrownBy(() -> readEverything("oci:" + copy))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(copy.resolve("index.json").toString().replace("/index.json", ""))
                .hasMessageContaining("index.json");
    }

    // ---- helpers

    /** Opens the reference and reads everything it reaches: manifest, config and every layer. */
    static void readEverything(String ref) throws IOException {
        try (ImageSource source = open(ref)) {
            Image image = (Image) Images.open(source);
            image.rawConfig();
            for (var layer : image.layers()) {
                try (InputStream in = layer.openUncompressed()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        }
    }

    static ImageSource open(String ref) throws IOException {
        return Transports.openSource(TransportRef.parse(ref));
    }

    static Digest rootDigest(Path layoutDir) throws IOException {
        JsonNode index = JSON.readTree(layoutDir.resolve("index.json").toFile());
        return Digest.parse(index.path("manifests").get(0).path("digest").asText());
    }

    /** Rewrites the layout's manifest with {@code edit}, stores it under its new digest and points the tag at it. */
    static Digest rewriteManifest(Path layoutDir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode manifest = (ObjectNode) JSON.readTree(layoutDir.resolve(OciLayout.blobPath(rootDigest(layoutDir))).toFile());
        edit.accept(manifest);
        byte[] raw = JSON.writeValueAsBytes(manifest);
        String digest = Fixtures.sha256(raw);
        Files.write(layoutDir.resolve(OciLayout.blobPath(Digest.parse(digest))), raw);
        writeIndex(layoutDir, MediaTypes.OCI_MANIFEST, digest, raw.length);
        return Digest.parse(digest);
    }

    static void writeIndex(Path layoutDir, String mediaType, String digest, long size) throws IOException {
        Files.writeString(layoutDir.resolve("index.json"), """
                {"schemaVersion":2,"manifests":[{"mediaType":"%s","digest":"%s","size":%d,\
                "annotations":{"org.opencontainers.image.ref.name":"%s"}}]}"""
                .formatted(mediaType, digest, size, Fixtures.TAG));
    }

    static Path copyLayout(Path dir) throws IOException {
        Path to = dir.resolve("layout");
        Fixtures.copyTree(layout, to);
        return to;
    }

    /** A file of {@code length} bytes that starts with {@code head} and is a hole after it. */
    static void sparse(Path file, String head, long length) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.write(head.getBytes(StandardCharsets.UTF_8));
            f.setLength(length);
        }
    }

    static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    /** The end offset of the first tar entry whose data ends after {@code offset}. */
    static long firstEntryEndingAfter(Path tar, long offset) throws IOException {
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                long end = in.getBytesRead() + e.getSize();
                if (e.isFile() && e.getSize() > 200 && end > offset) {
                    return end;
                }
            }
        }
        throw new IllegalStateException("no entry of " + tar + " ends after " + offset);
    }

    /** A FileTree that counts the bytes read through it, to prove what was not read. */
    static final class CountingTree implements FileTree {
        final FileTree tree;
        final AtomicLong bytesRead = new AtomicLong();

        CountingTree(FileTree tree) {
            this.tree = tree;
        }

        @Override
        public String describe() {
            return tree.describe();
        }

        @Override
        public boolean exists(String path) throws IOException {
            return tree.exists(path);
        }

        @Override
        public long size(String path) throws IOException {
            return tree.size(path);
        }

        @Override
        public InputStream open(String path) throws IOException {
            return new FilterInputStream(tree.open(path)) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }
            };
        }

        @Override
        public void close() throws IOException {
            tree.close();
        }
    }
}
