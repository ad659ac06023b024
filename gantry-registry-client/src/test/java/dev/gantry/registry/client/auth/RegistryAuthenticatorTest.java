package dev.gantry.registry.client.auth;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryAuthenticatorTest {

    /** An anonymous registry never needs them: reading a Docker config (or running a helper) is work a pull need not do. */
    @Test
    void credentialsAreLookedUpOnFirstNeedAndOnce() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        CredentialStore store = host -> {
            lookups.incrementAndGet();
            return Optional.of(Credentials.basic("alice", "secret"));
        };
        RegistryAuthenticator auth = new RegistryAuthenticator("127.0.0.1:5000", store, null);
        assertThat(auth.authorization("repository:a:pull")).isNull();
        assertThat(lookups).hasValue(0);

        auth.challenged("Basic realm=\"registry\"");
        assertThat(auth.authorization("repository:a:pull")).startsWith("Basic ");
        assertThat(auth.authorization("repository:a:pull")).startsWith("Basic ");
        assertThat(auth.username()).contains("alice");
        assertThat(lookups).hasValue(1);
    }
}
