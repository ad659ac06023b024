package dev.gantry.examples;

import dev.gantry.copy.ImageWriter;
import dev.gantry.digest.Digest;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.RemoteOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AppendLayerTest {
    @TempDir
    Path work;
    String base;
    List<Digest> baseLayers;
    Path files;

    @BeforeEach
    void baseImageAndFiles() throws Exception {
        base = "oci:" + Fixtures.umociLayout(work) + ":" + Fixtures.TAG;
        baseLayers = Locations.layers(base);
        files = Files.createDirectories(work.resolve("site"));
        Files.writeString(files.resolve("index.html"), "<h1>appended</h1>\n");
        Files.createDirectories(files.resolve("css"));
        Files.writeString(files.resolve("css/site.css"), "h1 { color: teal }\n");
    }

    @Test
    void appendsADirectoryAsOneLayerThatUmociUnpacks() throws Exception {
        String out = "oci:" + work.resolve("out") + ":v1";

        ImageWriter.Written written = AppendLayer.appendDirectory(base, files, "srv/www", out, RemoteOptions.defaults());

        assertThat(Locations.digest(out)).isEqualTo(written.manifest().digest());
        List<Digest> layers = Locations.layers(out);
        assertThat(layers).hasSize(baseLayers.size() + 1).startsWith(baseLayers.toArray(Digest[]::new));
        Fixtures.umoci(work, "unpack", "--image", work.resolve("out") + ":v1", work.resolve("unpacked").toString());
        Path rootfs = work.resolve("unpacked/rootfs");
        assertThat(rootfs.resolve("srv/www/index.html")).hasContent("<h1>appended</h1>");
        assertThat(rootfs.resolve("srv/www/css/site.css")).hasContent("h1 { color: teal }");
        assertThat(rootfs.resolve("etc/new.txt")).hasContent("new");
        assertThat(Files.readString(Fixtures.blob(work.resolve("out"), written.config().digest().toString())))
                .contains("\"created_by\":\"COPY site /srv/www\"");
    }

    @Test
    void appendsATarballByteForByte() throws Exception {
        Path tarball = work.resolve("site.tar.gz");
        PeerTools.run(work, "tar", "-czf", tarball.toString(), "-C", files.toString(), ".");
        String out = "oci:" + work.resolve("out") + ":v1";

        AppendLayer.appendTarball(base, tarball, out, RemoteOptions.defaults());

        List<Digest> layers = Locations.layers(out);
        assertThat(layers).hasSize(baseLayers.size() + 1);
        assertThat(layers.getLast().toString()).isEqualTo(Fixtures.sha256(tarball));
        assertThat(Fixtures.blob(work.resolve("out"), Fixtures.sha256(tarball))).hasSameBinaryContentAs(tarball);
        assertThat(ReadFile.read(out, layers.size() - 1, "/css/site.css", RemoteOptions.defaults()))
                .asString().isEqualTo("h1 { color: teal }\n");
    }
}
