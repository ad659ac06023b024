package dev.gantry.registry.client.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChallengeTest {
    @Test
    void parsesDockerHubsBearerChallenge() {
        List<Challenge> parsed = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/busybox:pull,push\"");
        assertThat(parsed).hasSize(1);
        Challenge c = parsed.getFirst();
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
        assertThat(c.param("service")).isEqualTo("registry.docker.io");
        assertThat(c.param("scope")).isEqualTo("repository:library/busybox:pull,push");
    }

    @Test
    void parsesSeveralChallengesUnquotedValuesAndEscapes() {
        List<Challenge> parsed = Challenge.parse("Basic realm=\"a \\\"quoted\\\" realm\", Bearer realm=https://t.example/token, "
                + "error=\"insufficient_scope\"");
        assertThat(parsed).extracting(Challenge::scheme).containsExactly("basic", "bearer");
        assertThat(parsed.get(0).param("realm")).isEqualTo("a \"quoted\" realm");
        assertThat(parsed.get(1).param("realm")).isEqualTo("https://t.example/token");
        assertThat(parsed.get(1).param("error")).isEqualTo("insufficient_scope");
    }

    @Test
    void secretsNeverShowInToString() {
        assertThat(Credentials.basic("me", "hunter2").toString()).doesNotContain("hunter2").contains("me");
        assertThat(new Token("eyJsecret", java.time.Instant.EPOCH).toString()).doesNotContain("eyJsecret");
    }
}
