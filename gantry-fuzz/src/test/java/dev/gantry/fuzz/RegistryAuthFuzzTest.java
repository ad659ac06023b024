package dev.gantry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gantry.error.GantryException;
import dev.gantry.registry.auth.Access;
import dev.gantry.registry.auth.Htpasswd;
import dev.gantry.registry.auth.Scope;
import dev.gantry.registry.auth.TokenVerifier;
import dev.gantry.registry.auth.TrustedKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What `gantry serve` checks before it lets a client in: htpasswd files, Basic credentials
 * against them, and Docker bearer tokens. A file is loaded or refused with a typed error (or
 * IOException); credentials verify true exactly for the users and passwords the file was made
 * with; a token yields an {@link Access} only when its issuer, audience and times pass, else
 * {@link TokenVerifier.InvalidTokenException}, never another exception. {@code signedClaims} signs
 * the fuzzed claims with the trusted key, so that mutations reach the claim checks behind the
 * signature. Seeds: `htpasswd -B` files, tokens and claims as a Docker token server issues them.
 */
class RegistryAuthFuzzTest {
    private static final String ISSUER = "gantry-token-server";
    private static final String SERVICE = "gantry";
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    /** The users and passwords of the seed htpasswd file. */
    private static final Set<String> KNOWN = Set.of("alice:wonderland", "bob:s3cret:with:colons");

    private static Path scratch;
    private static Htpasswd users;
    private static TokenVerifier verifier;
    private static RSASSASigner signer;
    private static RSAKey publicJwk;

    @BeforeAll
    static void keysAndUsers() throws Exception {
        scratch = Files.createTempDirectory("gantry-fuzz-auth-");
        Path htpasswd = Files.write(scratch.resolve("htpasswd"), FuzzFiles.seed(RegistryAuthFuzzTest.class, "htpasswdFile", "one-user"));
        users = Htpasswd.load(htpasswd);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path pem = Files.writeString(scratch.resolve("token-signing.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        verifier = new TokenVerifier(ISSUER, SERVICE, TrustedKeys.load(pem), Clock.fixed(NOW, ZoneOffset.UTC));
        signer = new RSASSASigner((RSAPrivateKey) pair.getPrivate());
        publicJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build();
    }

    @AfterAll
    static void removeScratch() {
        FuzzFiles.deleteTree(scratch);
    }

    @FuzzTest
    void htpasswdFile(byte[] content) throws IOException {
        Path file = Files.write(scratch.resolve("fuzzed-htpasswd"), content);
        try {
            Htpasswd.load(file);
        } catch (GantryException | IOException refused) {
            // a typed refusal names the line; undecodable bytes are the reader's IOException
        } finally {
            Files.delete(file);
        }
    }

    @FuzzTest
    void basicCredentials(byte[] input) {
        // As BasicAuthHandler splits a decoded "user:password".
        String decoded = new String(input, StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return;
        }
        boolean ok = users.verify(decoded.substring(0, colon), decoded.substring(colon + 1));
        assertThat(ok).as("verify(%s)", decoded).isEqualTo(KNOWN.contains(decoded));
    }

    @FuzzTest
    void bearerToken(byte[] input) {
        verifyOrRefuse(new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest
    void signedClaims(byte[] input) throws JOSEException {
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(new String(input, StandardCharsets.UTF_8));
        } catch (ParseException notClaims) {
            return;
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(publicJwk).build(), claims);
        jwt.sign(signer);
        Access access = verifyOrRefuse(jwt.serialize());
        if (access != null) {
            assertThat(claims.getIssuer()).isEqualTo(ISSUER);
            assertThat(claims.getAudience()).contains(SERVICE);
            assertThat(claims.getExpirationTime()).isNotNull();
            assertThat(claims.getExpirationTime().toInstant().plusSeconds(60)).isAfterOrEqualTo(NOW);
        }
    }

    /** The token's access, or null when it is refused with the verifier's own exception. */
    private static Access verifyOrRefuse(String token) {
        Access access;
        try {
            access = verifier.verify(token);
        } catch (TokenVerifier.InvalidTokenException refused) {
            return null;
        }
        assertThat(access.unrestricted()).isFalse();
        access.permits(new Scope(Scope.REPOSITORY, "demo/hello", List.of(Scope.PULL)));
        access.pullableRepositories();
        return access;
    }
}
