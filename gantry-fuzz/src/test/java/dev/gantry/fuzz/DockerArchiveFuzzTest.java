package dev.gantry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.image.Images;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import dev.gantry.validate.ValidationReport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `docker save` archives, legacy (manifest.json + config + layer files) and Docker 25+ (an OCI
 * layout inside), opened as docker-archive: and validated in full: each input is refused with a
 * typed error (or IOException) or validates into a report, and a report without errors means
 * the image opens. {@code archive} fuzzes whole archives (seeds: the hand-made archive and
 * skopeo's docker-archive of umoci's image); {@code manifestJson} fuzzes only manifest.json inside
 * a fixed archive holding the hand-made image's files under several names (plain, as layout
 * blobs, through a symlink and a hard link), so that mutations reach the layout logic.
 */
class DockerArchiveFuzzTest {
    private static Path scratch;
    /** The hand-made archive's files but manifest.json, by name. */
    private static final Map<String, byte[]> HAND_MADE = new LinkedHashMap<>();

    @BeforeAll
    static void readHandMadeArchive() throws IOException {
        scratch = Files.createTempDirectory("gantry-fuzz-archive-");
        byte[] tar = FuzzFiles.seed(DockerArchiveFuzzTest.class, "archive", "hand-made.tar");
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName().replaceFirst("^\\./", "");
                if (e.isFile() && !name.equals("manifest.json")) {
                    HAND_MADE.put(name, in.readAllBytes());
                }
            }
        }
        assertThat(HAND_MADE).containsKeys("config.json", "base/layer.tar");
    }

    @AfterAll
    static void removeScratch() {
        FuzzFiles.deleteTree(scratch);
    }

    @FuzzTest
    void archive(byte[] archive) throws IOException {
        openAndValidate(archive);
    }

    @FuzzTest
    void manifestJson(byte[] manifestJson) throws IOException {
        openAndValidate(archiveWith(manifestJson));
    }

    private static void openAndValidate(byte[] archive) throws IOException {
        Path file = scratch.resolve("image.tar");
        Files.write(file, archive);
        TransportRef ref = TransportRef.parse("docker-archive:" + file);
        try (ImageSource source = Transports.openSource(ref)) {
            ValidationReport report = new ImageValidator(source, false, 1).validate();
            if (report.ok()) {
                assertThat(Images.open(source)).isNotNull();
            }
        } catch (GantryException | IOException | UncheckedIOException refused) {
            // a typed refusal, or the archive's I/O failing: both are what a damaged archive may give
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The hand-made image's files under several names, with {@code manifestJson} as manifest.json. */
    private static byte[] archiveWith(byte[] manifestJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(tar, "manifest.json", manifestJson);
            for (Map.Entry<String, byte[]> e : HAND_MADE.entrySet()) {
                file(tar, e.getKey(), e.getValue());
                file(tar, "blobs/sha256/" + Digest.sha256(e.getValue()).hex(), e.getValue());
            }
            link(tar, "link/layer.tar", "../base/layer.tar", TarConstants.LF_SYMLINK);
            link(tar, "hard.tar", "base/layer.tar", TarConstants.LF_LINK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
