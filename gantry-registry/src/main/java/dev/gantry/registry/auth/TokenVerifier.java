package dev.gantry.registry.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Docker registry bearer token (distribution's jwt.md) and returns what it grants:
 * signed with RS*, PS* or ES* by a trusted key (an {@code x5c} chain leading to a trusted
 * certificate, else a trusted key named by {@code kid} or given whole as {@code jwk}), issued by
 * the configured issuer, for this registry's service as audience, and within {@code nbf}..{@code exp}
 * give or take 60 s of clock skew, as distribution allows. A token without {@code exp} is expired.
 * Safe for concurrent use.
 */
public final class TokenVerifier {
    static final Duration LEEWAY = Duration.ofSeconds(60);
    private static final Set<JWSAlgorithm> ALGORITHMS;

    static {
        Set<JWSAlgorithm> algorithms = new HashSet<>(JWSAlgorithm.Family.RSA);
        algorithms.addAll(JWSAlgorithm.Family.EC);
        ALGORITHMS = Set.copyOf(algorithms);
    }

    private final String issuer;
    private final String service;
    private final TrustedKeys keys;
    private final Clock clock;

    /**
     * A verifier for the tokens of one issuer, meant for one registry.
     *
     * @param issuer  the {@code iss} every token must carry
     * @param service this registry's service name, which a token's {@code aud} must contain
     * @param keys    the issuer's trusted certificates and public keys
     * @param clock   the time {@code exp}, {@code nbf} and certificate validity are checked against
     */
    public TokenVerifier(String issuer, String service, TrustedKeys keys, Clock clock) {
        this.issuer = issuer;
        this.service = service;
        this.keys = keys;
        this.clock = clock;
    }

    /** A token the registry refuses; the message says why (never echoing the token). */
    public static final class InvalidTokenException extends Exception {
        InvalidTokenException(String message) {
            super(message);
        }
    }

    /**
     * Checks a token's signature, issuer, audience and validity period, and reads its {@code access} claim.
     *
     * @param token the compact JWS from the {@code Authorization: Bearer} header
     * @return exactly what the token grants; nothing for a token without an {@code access} claim
     * @throws InvalidTokenException when the token is malformed, signed with another algorithm or an untrusted key,
     *                               or its claims do not hold; the message says which, never echoing the token
     */
    public Access verify(String token) throws InvalidTokenException {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token: " + e.getMessage());
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new InvalidTokenException("token signed with " + header.getAlgorithm() + "; RS*, PS* and ES* signatures are accepted");
        }
        PublicKey key = signingKey(header);
        try {
            if (!jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(header, key))) {
                throw new InvalidTokenException("token signature does not verify with the issuer's key");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("token signature cannot be checked: " + e.getMessage());
        }
        checkClaims(claims);
        return Access.granted(access(claims));
    }

    private PublicKey signingKey(JWSHeader header) throws InvalidTokenException {
        if (header.getX509CertChain() != null && !header.getX509CertChain().isEmpty()) {
            List<X509Certificate> chain = new ArrayList<>();
            for (com.nimbusds.jose.util.Base64 der : header.getX509CertChain()) {
                X509Certificate cert = X509CertUtils.parse(der.decode());
                if (cert == null) {
                    throw new InvalidTokenException("token x5c holds something that is not an X.509 certificate");
                }
                chain.add(cert);
            }
            verifyChain(chain);
            return chain.getFirst().getPublicKey();
        }
        JWK jwk = header.getJWK();
        if (jwk != null) {
            try {
                PublicKey key = switch (jwk) {
                    case com.nimbusds.jose.jwk.RSAKey rsa -> rsa.toPublicKey();
                    case com.nimbusds.jose.jwk.ECKey ec -> ec.toPublicKey();
                    default -> null;
                };
                if (key != null && keys.trusts(key)) {
                    return key;
                }
            } catch (JOSEException e) {
                throw new InvalidTokenException("token jwk header is not a usable public key: " + e.getMessage());
            }
            throw new InvalidTokenException("token jwk header names a key that is not among the trusted token signing keys");
        }
        if (header.getKeyID() != null) {
            PublicKey key = keys.byKeyId(header.getKeyID());
            if (key == null) {
                throw new InvalidTokenException("token signed by untrusted key with ID '" + header.getKeyID() + "'");
            }
            return key;
        }
        throw new InvalidTokenException("token names no signing key (its header has none of x5c, jwk, kid)");
    }

    /** The chain must lead to a trusted certificate; the leaf may itself be one (a self-signed issuer). */
    private void verifyChain(List<X509Certificate> chain) throws InvalidTokenException {
        if (keys.roots().contains(chain.getFirst())) {
            checkValidity(chain.getFirst());
            return;
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate root : keys.roots()) {
            anchors.add(new TrustAnchor(root, null));
        }
        if (anchors.isEmpty()) {
            throw new InvalidTokenException("token carries an x5c certificate chain but no root certificate is trusted (only public keys were given)");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
        } catch (GeneralSecurityException e) {
            throw new InvalidTokenException("token x5c chain does not lead to a trusted certificate: " + e.getMessage());
        }
    }

    private void checkValidity(X509Certificate cert) throws InvalidTokenException {
        try {
            cert.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            throw new InvalidTokenException("token signing certificate " + cert.getSubjectX500Principal() + " is not valid now: " + e.getMessage());
        }
    }

    private void checkClaims(JWTClaimsSet claims) throws InvalidTokenException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new InvalidTokenException("token issuer '" + claims.getIssuer() + "' is not the trusted issuer '" + issuer + "'");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(service)) {
            throw new InvalidTokenException("token audience " + claims.getAudience() + " does not include this registry's service '" + service + "'");
        }
        Instant now = clock.instant();
        // A missing exp is epoch 0 to distribution: expired.
        Instant expires = claims.getExpirationTime() == null ? Instant.EPOCH : claims.getExpirationTime().toInstant();
        if (now.isAfter(expires.plus(LEEWAY))) {
            throw new InvalidTokenException("token expired at " + expires + " (now " + now + ", 60 s leeway)");
        }
        if (claims.getNotBeforeTime() != null && now.isBefore(claims.getNotBeforeTime().toInstant().minus(LEEWAY))) {
            throw new InvalidTokenException("token not valid before " + claims.getNotBeforeTime().toInstant() + " (now " + now + ", 60 s leeway)");
        }
    }

    /** The {@code access} claim: [{type, name, actions: [...]}], anything else refused. */
    private static List<Scope> access(JWTClaimsSet claims) throws InvalidTokenException {
        Object access = claims.getClaim("access");
        if (access == null) {
            return List.of();
        }
        if (!(access instanceof List<?> entries)) {
            throw new InvalidTokenException("token access claim is not an array");
        }
        List<Scope> scopes = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map) || !(map.get("type") instanceof String type) || !(map.get("name") instanceof String name)) {
                throw new InvalidTokenException("token access entry " + entry + " lacks a string type and name");
            }
            List<String> actions = new ArrayList<>();
            if (map.get("actions") instanceof List<?> list) {
                for (Object action : list) {
                    if (action instanceof String s) {
                        actions.add(s);
                    }
                }
            }
            scopes.add(new Scope(type, name, actions));
        }
        return scopes;
    }
}
