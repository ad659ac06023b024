package dev.gantry.registry.client;

import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.oci.Descriptor;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.TestCertificates;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker-registry on https with a certificate from a private CA: trusted through --ca-file or --insecure, refused with advice without either. */
class CustomCaRegistryTest {
    @Test
    void pushesAndPullsOverVerifiedTlsWithTheCaFileAndRefusesWithoutIt(@TempDir Path dir) throws IOException {
        TestCertificates certs = TestCertificates.make(dir);
        try (DockerRegistry registry = DockerRegistry.startTls(dir, certs.serverCert(), certs.serverKey())) {
            Path umoci = Fixtures.umociLayout(dir);
            String ref = "docker://" + registry.host() + "/tls/image:v1";
            RemoteOptions withCa = new RemoteOptions(false, dir.resolve("none.json"), certs.caCert());
            RemoteOptions without = new RemoteOptions(false, dir.resolve("none.json"), null);

            assertThatThrownBy(() -> copy("oci:" + umoci + ":" + Fixtures.TAG, ref, without))
                    .isInstanceOf(UntrustedCertificateException.class)
                    .hasMessageContaining(registry.host())
                    .hasMessageContaining("--ca-file")
                    .hasMessageContaining("--insecure");

            pushesAndPullsOverHttps(umoci, dir, registry, withCa);
        }
    }

    /** {@code --insecure} with a host:port asks plain http first, then unverified https when http does not answer as a registry. */
    @Test
    void insecureReachesATlsRegistryOnAPortWithoutItsCa(@TempDir Path dir) throws IOException {
        TestCertificates certs = TestCertificates.make(dir);
        try (DockerRegistry registry = DockerRegistry.startTls(dir, certs.serverCert(), certs.serverKey())) {
            pushesAndPullsOverHttps(Fixtures.umociLayout(dir), dir, registry, new RemoteOptions(true, dir.resolve("none.json"), null));
        }
    }

    private static void pushesAndPullsOverHttps(Path layout, Path dir, DockerRegistry registry, RemoteOptions options) throws IOException {
        String ref = "docker://" + registry.host() + "/tls/image:v1";
        Descriptor pushed = copy("oci:" + layout + ":" + Fixtures.TAG, ref, options);
        Descriptor pulled = copy(ref, "oci:" + dir.resolve("pulled") + ":v1", options);
        assertThat(pulled.digest()).isEqualTo(pushed.digest());
        try (RegistrySession session = RegistryTransportProvider.session(registry.host(), options)) {
            assertThat(session.base().getScheme()).isEqualTo("https");
        }
    }

    @Test
    void aCaFileThatHoldsNoCertificateIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.pem"), "not a certificate\n");
        RemoteOptions options = new RemoteOptions(false, dir.resolve("none.json"), bogus);
        assertThatThrownBy(() -> RegistryTransportProvider.session("127.0.0.1:1", options))
                .hasMessageContaining(bogus.toString());
    }

    @Test
    void dockerCertsDirectoryGivesTheCrtFilesOfTheHostOnly(@TempDir Path dir) throws IOException {
        Path hostDir = Files.createDirectories(dir.resolve("registry.example:5000"));
        Path ca = Files.writeString(hostDir.resolve("ca.crt"), "x");
        Files.writeString(hostDir.resolve("client.cert"), "x");
        Files.writeString(hostDir.resolve("client.key"), "x");
        DockerCertsDirectory certsD = new DockerCertsDirectory(dir);

        assertThat(certsD.caFiles("registry.example:5000")).containsExactly(ca);
        assertThat(certsD.caFiles("registry.example")).isEmpty();
        assertThat(certsD.caFiles("../etc")).isEmpty();
    }

    private static Descriptor copy(String from, String to, RemoteOptions remote) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), remote);
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), null, remote)) {
            return new ImageCopier(source, target, CopyOptions.defaults()).copy();
        }
    }
}
