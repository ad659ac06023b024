package dev.gantry.transport;

import dev.gantry.error.InvalidInputException;
import dev.gantry.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bare path is recognised by what the peers wrote there, with or without a selector after it. */
class LocalFormatDetectionTest {
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

    @Test
    void bareLayoutDirectoryIsOci() throws IOException {
        assertThat(TransportRef.parse(layout.toString())).satisfies(r -> {
            assertThat(r.kind()).isEqualTo(TransportRef.Kind.OCI);
            assertThat(r.selector()).isNull();
        });
        assertThat(TransportRef.parse(layout + ":" + Fixtures.TAG).selector()).isEqualTo(Fixtures.TAG);
    }

    @Test
    void onlyARegistryReferenceIsRemoteAnExistingPathNeverIs() throws IOException {
        assertThat(TransportRef.parse(layout.toString()).isRemote()).isFalse();
        assertThat(TransportRef.parse(dockerArchive.toString()).isRemote()).isFalse();
        assertThat(TransportRef.parse("oci:" + layout + ":" + Fixtures.TAG).isRemote()).isFalse();
        assertThat(TransportRef.parse("busybox:1.36").isRemote()).isTrue();
        assertThat(TransportRef.parse("docker://example.com:5000/app@sha256:" + "a".repeat(64)).isRemote()).isTrue();
    }

    @Test
    void bareArchivesAreToldApartByTheirContents() throws IOException {
        assertThat(TransportRef.parse(dockerArchive.toString()).kind()).isEqualTo(TransportRef.Kind.DOCKER_ARCHIVE);
        assertThat(TransportRef.parse(ociArchive.toString()).kind()).isEqualTo(TransportRef.Kind.OCI_ARCHIVE);
        assertThat(TransportRef.parse(ociArchive + ":" + Fixtures.TAG).selector()).isEqualTo(Fixtures.TAG);
    }

    @Test
    void bareDockerArchiveTakesANameTagSelector() throws IOException {
        TransportRef ref = TransportRef.parse(dockerArchive + ":" + Fixtures.DOCKER_NAME);
        assertThat(ref.kind()).isEqualTo(TransportRef.Kind.DOCKER_ARCHIVE);
        assertThat(ref.path()).isEqualTo(dockerArchive);
        assertThat(ref.selector()).isEqualTo(Fixtures.DOCKER_NAME);
        try (ImageSource source = Transports.openSource(ref)) {
            assertThat(source.root().digest()).isNotNull();
        }
    }

    @Test
    void directoryThatIsNotALayoutIsNamed(@TempDir Path dir) throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertThatThrownBy(() -> TransportRef.parse(plain.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(plain.toString())
                .hasMessageContaining("oci-layout");
    }

    @Test
    void missingPathSaysHowToCreateIt(@TempDir Path dir) {
        String missing = dir.resolve("new.tar").toString();
        assertThatThrownBy(() -> TransportRef.parse(missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("docker-archive:" + missing);
    }
}
