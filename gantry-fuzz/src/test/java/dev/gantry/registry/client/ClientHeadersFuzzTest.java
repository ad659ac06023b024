package dev.gantry.registry.client;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gantry.error.GantryException;
import dev.gantry.registry.client.auth.Challenge;
import dev.gantry.registry.client.http.RetryPolicy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headers the registry client reads from a registry it does not control: WWW-Authenticate
 * challenges, the Link of paged listings, Retry-After, and the Range an upload's status answers
 * with. Each value gives a usable result or a typed error (or an IOException), never a stray
 * IllegalArgumentException or NumberFormatException. In this package for the package-private
 * parsers. Seeds: Docker Hub's and docker-registry's challenges, catalog/tags/referrers Links,
 * both Retry-After forms, upload Ranges.
 */
class ClientHeadersFuzzTest {
    private static final URI PAGE = URI.create("http://127.0.0.1:5000/v2/_catalog?n=1");

    @FuzzTest
    void wwwAuthenticate(byte[] input) {
        for (Challenge c : Challenge.parse(new String(input, StandardCharsets.ISO_8859_1))) {
            assertThat(c.scheme()).isNotEmpty().isEqualTo(c.scheme().toLowerCase(Locale.ROOT));
            c.params().keySet().forEach(k -> assertThat(k).isEqualTo(k.toLowerCase(Locale.ROOT)));
            assertThat(c.isBearer() && c.isBasic()).isFalse();
        }
    }

    @FuzzTest
    void link(byte[] input) {
        Optional<URI> next;
        try {
            next = LinkHeader.next(Optional.of(new String(input, StandardCharsets.ISO_8859_1)), PAGE);
        } catch (GantryException refused) {
            return;
        }
        next.ifPresent(uri -> assertThat(uri.isAbsolute()).as("next page %s", uri).isTrue());
    }

    @FuzzTest
    void retryAfter(byte[] input) {
        Duration wait = RetryPolicy.DEFAULT.delay(1, Optional.of(new String(input, StandardCharsets.ISO_8859_1)));
        assertThat(wait).isBetween(Duration.ZERO, RetryPolicy.DEFAULT.maxDelay());
    }

    @FuzzTest
    void uploadRange(byte[] input) {
        long received;
        try {
            received = BlobUpload.receivedBytes(new String(input, StandardCharsets.ISO_8859_1));
        } catch (IOException refused) {
            return; // the registry's protocol error, named as such
        }
        assertThat(received).isNotNegative();
    }
}
