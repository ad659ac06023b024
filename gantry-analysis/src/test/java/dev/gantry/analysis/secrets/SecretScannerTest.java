package dev.gantry.analysis.secrets;

import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.UmociImage;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.gantry.analysis.secrets.FileScannerTest.awsKeyId;
import static dev.gantry.analysis.secrets.FileScannerTest.awsSecret;
import static dev.gantry.analysis.secrets.FileScannerTest.random;
import static org.assertj.core.api.Assertions.assertThat;

class SecretScannerTest {
    @TempDir
    Path dir;

    UmociImage image;
    String awsId = awsKeyId();
    String awsSecret = awsSecret();
    String dbPassword = random("abcdefghijklmnopqrstuvwxyz0123456789", 16);
    String githubToken = "ghp_" + random("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 36);

    /**
     * Layer 0: an RSA key and a .env with an AWS key pair (both deleted by layer 1), an ed25519
     * key that stays, a test key under srv/fixtures (allow-listed). Layer 1: the deletions.
     * Layer 2 replaces etc/app.conf. Config: a password in the env, a token in a label.
     */
    @BeforeEach
    void buildImage() {
        PeerTools.assumeInstalled("umoci", "ssh-keygen", "openssl");
        image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("root/.ssh"));
                    PeerTools.run(root, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                            "-out", "root/.ssh/id_rsa");
                    PeerTools.run(root, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "root/.ssh/deploy_key");
                    Files.createDirectories(root.resolve("app"));
                    Files.writeString(root.resolve("app/.env"), "AWS_ACCESS_KEY_ID=" + awsId + "\nAWS_SECRET_ACCESS_KEY=" + awsSecret + "\n");
                    Files.createDirectories(root.resolve("srv/fixtures"));
                    PeerTools.run(root, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "srv/fixtures/test_key");
                    Files.createDirectories(root.resolve("etc"));
                    Files.writeString(root.resolve("etc/app.conf"), "db_password=" + dbPassword + "\n");
                })
                .layer(root -> {
                    Files.delete(root.resolve("root/.ssh/id_rsa"));
                    Files.delete(root.resolve("app/.env"));
                })
                .layer(root -> Files.writeString(root.resolve("etc/app.conf"), "db_host=localhost\n"))
                .config("--config.env", "DB_PASSWORD=" + dbPassword, "--config.label", "ci.token=" + githubToken);
    }

    SecretReport scan(AllowList allow) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(image.ref()))) {
            Image img = (Image) Images.open(source);
            return new SecretScanner(SecretRules.defaults(), allow, SecretScanner.DEFAULT_MAX_FILE_BYTES, new LayerWalker())
                    .scan(img, image.ref());
        }
    }

    static List<String> described(SecretReport report) {
        return report.findings().stream()
                .map(f -> f.layer() + " " + f.path() + " " + f.rule() + " " + f.status() + (f.hiddenBy() == null ? "" : " by " + f.hiddenBy()))
                .toList();
    }

    @Test
    void reportsSecretsHiddenByWhiteoutsAndThoseStillVisible() throws IOException {
        List<String> found = described(scan(AllowList.NONE));
        assertThat(found).contains(
                "0 root/.ssh/id_rsa private-key hidden by 1",
                "0 app/.env aws-access-key-id hidden by 1",
                "0 app/.env aws-secret-access-key hidden by 1",
                "0 root/.ssh/deploy_key private-key visible",
                "0 srv/fixtures/test_key private-key visible");
    }

    @Test
    void reportsAFileReplacedByALaterLayerAsHidden() throws IOException {
        assertThat(described(scan(AllowList.NONE))).contains("0 etc/app.conf generic-password hidden by 2");
    }

    @Test
    void reportsEnvAndLabelSecretsInTheConfig() throws IOException {
        assertThat(described(scan(AllowList.NONE))).contains(
                "null config/Env/DB_PASSWORD env-secret config",
                "null config/Labels/ci.token github-token config");
    }

    @Test
    void namesEachFindingsLayerDigestAndNeverPrintsTheSecret() throws IOException {
        SecretReport report = scan(AllowList.NONE);
        String layer0 = Fixtures.sha256(Files.readAllBytes(Fixtures.blob(image.layout(),
                report.findings().getFirst().layerDigest())));
        assertThat(report.findings().getFirst().layerDigest()).isEqualTo(layer0);
        assertThat(report.findings()).allSatisfy(f -> {
            assertThat(f.excerpt()).doesNotContain(awsSecret).doesNotContain(awsId).doesNotContain(dbPassword)
                    .doesNotContain(githubToken);
            assertThat(f.fingerprint()).matches("[0-9a-f]{16}");
        });
        assertThat(report.layers()).isEqualTo(3);
        assertThat(report.filesScanned()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void leavesOutWhatTheAllowListAccepts() throws IOException {
        SecretReport all = scan(AllowList.NONE);
        String envFingerprint = all.findings().stream().filter(f -> f.path().equals("config/Env/DB_PASSWORD"))
                .findFirst().orElseThrow().fingerprint();
        Path allow = dir.resolve("allow.txt");
        Files.writeString(allow, """
                # test fixtures are not secrets
                path:srv/fixtures/**
                rule:generic-password
                fingerprint:%s   # the CI database
                """.formatted(envFingerprint));
        SecretReport report = scan(AllowList.read(allow));
        assertThat(described(report)).noneMatch(s -> s.contains("srv/fixtures") || s.contains("generic-password")
                || s.contains("DB_PASSWORD"));
        assertThat(report.findings()).hasSize(all.findings().size() - (int) report.allowed());
        assertThat(report.allowed()).isGreaterThanOrEqualTo(3);
        assertThat(described(report)).contains("0 root/.ssh/deploy_key private-key visible");
    }

    @Test
    void reportsSecretsUnderAnOpaqueDirectoryAsHidden() throws IOException {
        String token = "glpat-" + random("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20);
        image = UmociImage.create(dir.resolve("opaque"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("srv/conf"));
                    Files.writeString(root.resolve("srv/conf/ci.yml"), "gitlab_token: " + token + "\n");
                    Files.writeString(root.resolve("srv/keep.yml"), "gitlab_token: " + token + "\n");
                })
                .rawLayer(tree -> {
                    Files.createDirectories(tree.resolve("srv/conf"));
                    Files.writeString(tree.resolve("srv/conf/.wh..wh..opq"), "");
                    Files.writeString(tree.resolve("srv/conf/other.yml"), "nothing: here\n");
                });
        assertThat(described(scan(AllowList.NONE))).containsExactly(
                "0 srv/conf/ci.yml gitlab-token hidden by 1",
                "0 srv/keep.yml gitlab-token visible");
    }

    @Test
    void findsNothingInACleanImage() throws IOException {
        Path layout = Fixtures.umociLayout(dir);
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + layout + ":" + Fixtures.TAG))) {
            SecretReport report = new SecretScanner(SecretRules.defaults(), AllowList.NONE, 4096, new LayerWalker())
                    .scan((Image) Images.open(source), "clean");
            assertThat(report.findings()).isEmpty();
            assertThat(report.filesScanned()).isEqualTo(4);
        }
    }
}
