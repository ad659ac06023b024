package dev.gantry.examples;

import dev.gantry.digest.Digest;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.RemoteOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static dev.gantry.examples.Locations.PLAIN_HTTP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadFileTest {
    @TempDir
    Path work;
    Path layout;
    String image;

    @BeforeEach
    void umociImage() {
        // Layer 0 adds etc/hello.txt and etc/bye.txt; layer 1 deletes etc/bye.txt and adds etc/new.txt.
        layout = Fixtures.umociLayout(work);
        image = "oci:" + layout + ":" + Fixtures.TAG;
    }

    @Test
    void readsAFileFromTheLayerThatHoldsIt() throws Exception {
        assertThat(ReadFile.read(image, 0, "/etc/hello.txt", RemoteOptions.defaults())).asString().isEqualTo("hello\n");
        assertThat(ReadFile.read(image, 1, "etc/new.txt", RemoteOptions.defaults())).asString().isEqualTo("new\n");
    }

    @Test
    void aFileALaterLayerDeletesIsStillInItsOwnLayer() throws Exception {
        assertThat(ReadFile.read(image, 0, "./etc/bye.txt", RemoteOptions.defaults())).asString().isEqualTo("bye\n");
    }

    @Test
    void readsFromARegistryAsFromALayout() throws Exception {
        try (RegistryServer registry = ServeRegistry.start(work.resolve("data"))) {
            String pushed = "docker://127.0.0.1:" + registry.port() + "/examples/read:v1";
            ServeRegistry.copy(image, pushed);

            assertThat(ReadFile.read(pushed, 1, "/etc/new.txt", PLAIN_HTTP)).asString().isEqualTo("new\n");
        }
    }

    @Test
    void namesTheLayerWhenThePathIsNotAFileThere() throws Exception {
        Digest second = Locations.layers(image).get(1);

        assertThatThrownBy(() -> ReadFile.read(image, 1, "/etc/hello.txt", RemoteOptions.defaults()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("/etc/hello.txt is not a file in layer 1 (" + second + ")");
        assertThatThrownBy(() -> ReadFile.read(image, 0, "/etc", RemoteOptions.defaults()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ReadFile.read(image, 2, "/etc/new.txt", RemoteOptions.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 2 layer(s); there is no layer 2");
    }

    @Test
    void returnsNothingFromALayerWhoseBytesAreNotTheDigestedOnes() throws Exception {
        // The same file, other content, stored under layer 0's digest: the read must notice.
        Path forged = Files.createDirectories(work.resolve("forged/etc"));
        Files.writeString(forged.resolve("hello.txt"), "forged\n");
        Path tarball = work.resolve("forged.tar.gz");
        PeerTools.run(work, "tar", "-czf", tarball.toString(), "-C", work.resolve("forged").toString(), "etc");
        Files.copy(tarball, Fixtures.blob(layout, Locations.layers(image).get(0).toString()), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> ReadFile.read(image, 0, "/etc/hello.txt", RemoteOptions.defaults()))
                .isInstanceOf(DigestMismatchException.class);
    }
}
