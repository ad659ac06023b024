package dev.gantry.registry.client;

import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.oci.Descriptor;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker-registry behind htpasswd: credentials come from a Docker config file, and their absence is explained. */
class BasicAuthRegistryTest {
    @Test
    void pushesAndPullsWithCredentialsFromTheAuthFileAndRefusesWithout(@TempDir Path dir) throws IOException {
        try (DockerRegistry registry = DockerRegistry.start(dir, true)) {
            Path umoci = Fixtures.umociLayout(dir);
            Path authFile = dir.resolve("auth.json");
            String auth = Base64.getEncoder().encodeToString((DockerRegistry.USER + ":" + DockerRegistry.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            Files.writeString(authFile, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
            String ref = "docker://" + registry.host() + "/private/image:v1";
            RemoteOptions withCreds = new RemoteOptions(true, authFile);
            RemoteOptions anonymous = new RemoteOptions(true, dir.resolve("no-such-config.json"));

            assertThatThrownBy(() -> copy("oci:" + umoci + ":" + Fixtures.TAG, ref, anonymous))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("401")
                    .hasMessageContaining("UNAUTHORIZED")
                    .hasMessageContaining("log in")
                    .hasMessageNotContaining(DockerRegistry.PASSWORD);

            Descriptor pushed = copy("oci:" + umoci + ":" + Fixtures.TAG, ref, withCreds);

            List<String> inspect = new ArrayList<>(List.of("inspect", "--tls-verify=false"));
            inspect.addAll(DockerRegistry.creds());
            inspect.add(ref);
            String skopeo = registry.skopeo(null, inspect.toArray(String[]::new)).stdout();
            assertThat(skopeo).contains(pushed.digest().toString());
            Descriptor pulled = copy(ref, "oci:" + dir.resolve("pulled") + ":v1", withCreds);
            assertThat(pulled.digest()).isEqualTo(pushed.digest());
        }
    }

    private static Descriptor copy(String from, String to, RemoteOptions remote) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), remote);
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), null, remote)) {
            return new ImageCopier(source, target, CopyOptions.defaults()).copy();
        }
    }
}
