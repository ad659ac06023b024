package dev.gantry.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --tls-cert/--tls-key: HTTPS with a PEM chain and PKCS#8 key, checked by the JDK client trusting the certificate and by skopeo. */
class TlsServingTest {
    @TempDir
    Path dir;
    Path cert;
    Path key;

    @BeforeEach
    void selfSignedCertificate() {
        // keytool cannot write a PEM private key, so openssl it is (PKCS#8 is what `openssl req` writes since 1.0).
        PeerTools.assumeInstalled("openssl");
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        PeerTools.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.toString(), "-out", cert.toString());
    }

    private RegistryConfig config() {
        return RegistryConfig.defaults().withAddress("127.0.0.1", 0).withDataDir(dir.resolve("data")).withAccessLog(false)
                .withShutdownGrace(Duration.ZERO).withTls(cert, key);
    }

    @Test
    void servesHttpsThatAClientTrustingTheCertificateAccepts() throws Exception {
        try (RegistryServer server = new RegistryServer(config(), null).start()) {
            assertThat(server.baseUri().getScheme()).isEqualTo("https");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).build();
            HttpResponse<String> ping = client.send(HttpRequest.newBuilder(server.baseUri().resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
        try (RegistryServer server = new RegistryServer(config(), null).start()) {
            HttpClient client = HttpClient.newHttpClient();
            assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(server.baseUri().resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void skopeoPushesAndInspectsOverHttpsWithTheCertificateAsItsCa() throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        Path layout = Fixtures.umociLayout(Files.createDirectories(dir.resolve("img")));
        Path certDir = Files.createDirectories(dir.resolve("certs.d"));
        Files.copy(cert, certDir.resolve("ca.crt"));
        try (RegistryServer server = new RegistryServer(config(), null).start()) {
            String target = "docker://127.0.0.1:" + server.port() + "/tls/img:v1";
            Fixtures.skopeo(dir, "copy", "--dest-cert-dir", certDir.toString(), "oci:" + layout + ":" + Fixtures.TAG, target);
            JsonNode inspect = Json.tree(Fixtures.skopeo(dir, "inspect", "--cert-dir", certDir.toString(), target)
                    .stdout().getBytes(StandardCharsets.UTF_8), "skopeo inspect");
            assertThat(inspect.path("Layers")).hasSize(2);
            Path pulled = dir.resolve("pulled");
            Fixtures.skopeo(dir, "copy", "--src-tls-verify=false", target, "oci:" + pulled + ":back");
            assertThat(pulled.resolve("index.json")).exists();
        }
    }

    @Test
    void aKeyInPkcs1FormIsRefusedWithTheConversionCommand() throws Exception {
        Path rsaKey = dir.resolve("rsa.pem");
        PeerTools.run(dir, "openssl", "rsa", "-in", key.toString(), "-traditional", "-out", rsaKey.toString());
        RegistryConfig config = config().withTls(cert, rsaKey);
        assertThatThrownBy(() -> new RegistryServer(config, null))
                .isInstanceOf(PemKeyStore.TlsFileException.class)
                .hasMessageContaining(rsaKey.toString())
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        Path otherKey = dir.resolve("other.pem");
        PeerTools.run(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", otherKey.toString());
        RegistryConfig config = config().withTls(cert, otherKey);
        assertThatThrownBy(() -> new RegistryServer(config, null).start().close())
                .hasMessageContaining("does not go with");
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("registry", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
