package dev.gantry.registry.client.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class DockerConfigCredentialsTest {
    @Test
    void readsAuthsByHostOrUrlKeyAsDockerLoginWritesThem(@TempDir Path dir) throws IOException {
        String auth = Base64.getEncoder().encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8));
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"auths": {
                  "127.0.0.1:5000": {"auth": "%s"},
                  "https://registry.example.com": {"username": "bob", "password": "pw"},
                  "https://index.docker.io/v1/": {"identitytoken": "refresh-me"}
                }}""".formatted(auth));
        DockerConfigCredentials store = new DockerConfigCredentials(config);

        assertThat(store.lookup("127.0.0.1:5000")).hasValueSatisfying(c -> {
            assertThat(c.username()).isEqualTo("alice");
            assertThat(c.secret()).isEqualTo("pa:ss");
        });
        assertThat(store.lookup("registry.example.com")).hasValueSatisfying(c -> assertThat(c.username()).isEqualTo("bob"));
        assertThat(store.lookup("docker.io")).hasValueSatisfying(c -> assertThat(c.identityToken()).isEqualTo("refresh-me"));
        assertThat(store.lookup("other.example.com")).isEmpty();
    }

    @Test
    void aMissingConfigMeansAnonymous(@TempDir Path dir) {
        assertThat(new DockerConfigCredentials(dir.resolve("none.json")).lookup("127.0.0.1:5000")).isEmpty();
    }
}
