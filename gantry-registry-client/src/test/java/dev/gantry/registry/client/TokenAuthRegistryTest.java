package dev.gantry.registry.client;

import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.oci.Descriptor;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.TokenServer;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker-registry with token auth, trusting a token server in the test that signs JWTs. */
class TokenAuthRegistryTest {
    @Test
    void bearerTokensPerScopeAnonymousPullAndCredentialedPush(@TempDir Path dir) throws Exception {
        try (TokenServer tokens = TokenServer.start(dir);
             DockerRegistry registry = DockerRegistry.start(dir, false, tokens.registryAuthConfig())) {
            Path umoci = Fixtures.umociLayout(dir);
            Path authFile = dir.resolve("auth.json");
            String auth = Base64.getEncoder().encodeToString((DockerRegistry.USER + ":" + DockerRegistry.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            Files.writeString(authFile, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
            RemoteOptions user = new RemoteOptions(true, authFile);
            RemoteOptions anonymous = new RemoteOptions(true, dir.resolve("none.json"));
            String ref = "docker://" + registry.host() + "/tokens/image:v1";

            assertThatThrownBy(() -> copy("oci:" + umoci + ":" + Fixtures.TAG, ref, anonymous))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("UNAUTHORIZED");

            tokens.requests.clear();
            Descriptor pushed = copy("oci:" + umoci + ":" + Fixtures.TAG, ref, user);
            // One token, cached across the push's many parallel requests (HEADs, uploads, manifests). The failed
            // anonymous push's workers may have asked for tokens the server logs only after that copy threw (the
            // client drops the request, the server still answers it): those are not this push's.
            assertThat(tokens.requests.stream().filter(r -> !r.startsWith("anonymous ")))
                    .containsExactly("user repository:tokens/image:pull,push");

            tokens.requests.clear();
            Descriptor pulled = copy(ref, "oci:" + dir.resolve("pulled") + ":v1", anonymous);
            assertThat(pulled.digest()).isEqualTo(pushed.digest());
            assertThat(tokens.requests).containsExactly("anonymous repository:tokens/image:pull");
        }
    }

    @Test
    void aTokenTheRegistryRejectsIsRenewedOnTheNext401(@TempDir Path dir) throws Exception {
        try (TokenServer tokens = TokenServer.start(dir);
             DockerRegistry registry = DockerRegistry.start(dir, false, tokens.registryAuthConfig())) {
            Path umoci = Fixtures.umociLayout(dir);
            RemoteOptions anonymous = new RemoteOptions(true, dir.resolve("none.json"));
            // Anonymous tokens grant pull only: the repository is pushed with credentials first.
            Path authFile = dir.resolve("auth.json");
            Files.writeString(authFile, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + Base64.getEncoder()
                    .encodeToString((DockerRegistry.USER + ":" + DockerRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\"}}}");
            copy("oci:" + umoci + ":" + Fixtures.TAG, "docker://" + registry.host() + "/renew/image:v1", new RemoteOptions(true, authFile));
            tokens.staleTokens.set(1);
            tokens.requests.clear();
            RegistryClient client = RegistryTransportProvider.client(dev.gantry.ref.Reference.parse(registry.host() + "/renew/image"), anonymous);

            // The first token is refused (401), so the client fetches another and tries once more.
            assertThat(client.tags()).containsExactly("v1");

            assertThat(tokens.requests).containsExactly("anonymous repository:renew/image:pull", "anonymous repository:renew/image:pull");
        }
    }

    @Test
    void anIdentityTokenIsExchangedForAccessTokensByARefreshTokenPost(@TempDir Path dir) throws Exception {
        try (TokenServer tokens = TokenServer.start(dir);
             DockerRegistry registry = DockerRegistry.start(dir, false, tokens.registryAuthConfig())) {
            Path umoci = Fixtures.umociLayout(dir);
            Path authFile = dir.resolve("auth.json");
            Files.writeString(authFile, "{\"auths\":{\"" + registry.host() + "\":{\"identitytoken\":\"" + TokenServer.IDENTITY_TOKEN + "\"}}}");
            String ref = "docker://" + registry.host() + "/identity/image:v1";

            Descriptor pushed = copy("oci:" + umoci + ":" + Fixtures.TAG, ref, new RemoteOptions(true, authFile));
            assertThat(tokens.requests).containsExactly("refresh-token user repository:identity/image:pull,push");
            assertThat(pushed.digest().toString()).isEqualTo(registry.skopeo(null, "inspect", "--tls-verify=false", "--creds",
                    DockerRegistry.USER + ":" + DockerRegistry.PASSWORD, "--format", "{{.Digest}}", ref).stdout().strip());

            Files.writeString(authFile, "{\"auths\":{\"" + registry.host() + "\":{\"identitytoken\":\"revoked\"}}}");
            assertThatThrownBy(() -> copy("oci:" + umoci + ":" + Fixtures.TAG, ref, new RemoteOptions(true, authFile)))
                    .hasMessageContaining("refused the identity token").hasMessageContaining("401").hasMessageNotContaining("revoked");
        }
    }

    private static Descriptor copy(String from, String to, RemoteOptions remote) throws Exception {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), remote);
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), null, remote)) {
            return new ImageCopier(source, target, CopyOptions.defaults()).copy();
        }
    }
}
