package dev.gantry.cli;

import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --ca-file} on the registry verbs, against docker-registry on https with a private CA. */
class CaFileCommandTest {
    @Test
    void pushAndPullVerifyTlsWithTheCaFileAndFailWithAdviceWithoutIt(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.make(dir);
        try (DockerRegistry registry = DockerRegistry.startTls(dir, certs.serverCert(), certs.serverKey())) {
            Path umoci = Fixtures.umociLayout(dir);
            String repo = registry.host() + "/cli/tls";
            String ca = certs.caCert().toString();

            CliRun refused = CliRun.of("push", "oci:" + umoci + ":" + Fixtures.TAG, repo + ":v1");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("TLS certificate of registry " + registry.host() + " is not trusted")
                    .contains("--ca-file").contains("--insecure");

            CliRun push = CliRun.of("push", "--ca-file", ca, "oci:" + umoci + ":" + Fixtures.TAG, repo + ":v1");
            assertThat(push.exitCode()).as(push.stderr()).isZero();
            CliRun pull = CliRun.of("pull", "--ca-file", ca, repo + ":v1", dir.resolve("pulled").toString());
            assertThat(pull.exitCode()).as(pull.stderr()).isZero();
            CliRun tags = CliRun.of("tags", "--ca-file", ca, repo);
            assertThat(tags.stdout().lines()).containsExactly("v1");
        }
    }
}
