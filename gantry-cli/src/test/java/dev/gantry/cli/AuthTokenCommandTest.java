package dev.gantry.cli;

import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.TokenServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** gantry auth token: a token from the registry's own token server that the registry then accepts. */
class AuthTokenCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsATokenTheRegistryAcceptsForTheAskedScope() throws Exception {
        try (TokenServer tokens = TokenServer.start(dir);
             DockerRegistry registry = DockerRegistry.start(dir, false, tokens.registryAuthConfig());
             HttpClient http = HttpClient.newHttpClient()) {
            Path noCreds = Files.writeString(dir.resolve("auth.json"), "{\"auths\":{}}");
            String repo = registry.host() + "/team/app";

            CliRun token = CliRun.of("auth", "token", "--insecure", "--authfile", noCreds.toString(), repo);
            CliRun header = CliRun.of("auth", "token", "--insecure", "--header", "--creds",
                    DockerRegistry.USER + ":" + DockerRegistry.PASSWORD, "--push", repo);

            assertThat(token.exitCode()).as(token.stderr()).isZero();
            assertThat(tokens.requests).contains("anonymous repository:team/app:pull");
            assertThat(header.exitCode()).as(header.stderr()).isZero();
            assertThat(header.stdout()).startsWith("Authorization: Bearer ");
            assertThat(tokens.requests).anyMatch(r -> r.contains("repository:team/app:pull,push"));
            HttpResponse<String> tags = http.send(HttpRequest.newBuilder(URI.create("http://" + repo.replace("/team", "/v2/team") + "/tags/list"))
                    .header("Authorization", "Bearer " + token.stdout().strip()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tags.statusCode()).as(tags.body()).isIn(200, 404); // authorised: an empty repository is 404 NAME_UNKNOWN
            assertThat(tags.body()).doesNotContain("UNAUTHORIZED");
        }
    }

    @Test
    void aRegistryWithoutTokensIsOneClearLine() throws Exception {
        try (DockerRegistry registry = DockerRegistry.start(dir)) {
            CliRun run = CliRun.of("auth", "token", "--insecure", registry.host() + "/team/app");

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.stderr().lines().toList()).singleElement().asString().contains("asks for no authentication");
        }
    }
}
