package dev.gantry.registry.client;

import dev.gantry.error.GantryException;
import dev.gantry.registry.client.auth.CredentialStore;
import dev.gantry.registry.client.auth.RegistryAuthenticator;
import dev.gantry.registry.client.http.HttpTransport;
import dev.gantry.registry.client.http.Request;
import dev.gantry.registry.client.http.Response;
import dev.gantry.registry.client.http.RetryPolicy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One registry host: where its API lives (https, or with {@code --insecure} unverified https
 * then http, found by pinging {@code /v2/}), and how to authorise requests to it. Shared by
 * every repository client on that host.
 */
public final class RegistrySession implements AutoCloseable {
    private final String host;
    private final URI base;
    private final HttpTransport http;
    private final RegistryAuthenticator auth;

    private RegistrySession(String host, URI base, HttpTransport http, RegistryAuthenticator auth) {
        this.host = host;
        this.base = base;
        this.http = http;
        this.auth = auth;
    }

    /** A session at a known base URI, without pinging it (no auth challenge until a 401 brings one). */
    static RegistrySession at(String host, URI base, HttpTransport http, CredentialStore credentials) {
        return new RegistrySession(host, base, http, new RegistryAuthenticator(host, credentials, http));
    }

    /** Pings the registry and remembers its scheme and auth challenge. */
    public static RegistrySession open(String host, boolean insecure, CredentialStore credentials, RetryPolicy retry) throws IOException {
        return open(host, insecure, List.of(), credentials, retry);
    }

    /** Pings the registry; verified TLS trusts the JDK's CAs plus those in {@code caFiles} (PEM). */
    public static RegistrySession open(String host, boolean insecure, List<Path> caFiles, CredentialStore credentials,
                                       RetryPolicy retry) throws IOException {
        String apiHost = host.equals("docker.io") ? "registry-1.docker.io" : host;
        URI https = URI.create("https://" + apiHost);
        HttpTransport verified = HttpTransport.trusting(caFiles, retry);
        List<String> failures = new ArrayList<>();
        // When another scheme is left to try, a failed connection moves on at once instead of backing off.
        Attempt first = ping(host, https, verified, insecure ? RetryPolicy.NONE : retry, credentials, "", failures);
        if (first.session() != null || !insecure) {
            if (first.session() == null && first.untrusted()) {
                verified.close();
                throw new UntrustedCertificateException(host, String.join("; ", failures));
            }
            return first.sessionOrFail(host, failures, insecure);
        }
        verified.close();
        // Unverified TLS helps only when the certificate was the problem; a server answering
        // TLS with plain HTTP (a local docker-registry) would refuse it the same way, so go to http.
        HttpTransport unverified = new HttpTransport(true, retry);
        if (first.untrusted()) {
            Attempt second = ping(host, https, unverified, RetryPolicy.NONE, credentials, " (unverified TLS)", failures);
            if (second.session() != null) {
                return second.session();
            }
        }
        return ping(host, URI.create("http://" + apiHost), unverified, retry, credentials, "", failures)
                .sessionOrFail(host, failures, true);
    }

    /** One ping's outcome: a session, or a failure noted in the list (and whether it was the certificate). */
    private record Attempt(RegistrySession session, boolean untrusted, HttpTransport http) {
        RegistrySession sessionOrFail(String host, List<String> failures, boolean insecure) {
            if (session != null) {
                return session;
            }
            http.close();
            throw new GantryException("cannot reach registry " + host + ": " + String.join("; ", failures)
                    + (insecure ? "" : "; for a registry on plain http or with a self-signed certificate, add --insecure"));
        }
    }

    private static Attempt ping(String host, URI base, HttpTransport http, RetryPolicy retry, CredentialStore credentials,
                                String note, List<String> failures) {
        try (Response r = http.withRetry(retry).send(Request.get(base.resolve("/v2/")), uri -> null)) {
            RegistryAuthenticator auth = new RegistryAuthenticator(host, credentials, http);
            if (r.status() == 401) {
                auth.challenged(r.header("WWW-Authenticate").orElse(""));
            } else if (!r.ok()) {
                throw RegistryException.of("GET " + base.resolve("/v2/") + " (is " + host + " a registry?)", r.status(), r.text());
            }
            return new Attempt(new RegistrySession(host, base, http, auth), false, http);
        } catch (IOException e) {
            failures.add(base + note + ": " + describe(e));
            return new Attempt(null, UntrustedCertificateException.causedBy(e), http);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    public String host() {
        return host;
    }

    public URI base() {
        return base;
    }

    public RegistryAuthenticator authenticator() {
        return auth;
    }

    /**
     * Checks this session's credentials by an authorised GET /v2/ (for token auth that means
     * asking the token server with them). Returns false when the registry asks for no login.
     */
    public boolean checkCredentials() throws IOException {
        try (Response r = send(Request.get(base.resolve("/v2/")), "")) {
            if (!r.ok()) {
                throw RegistryException.of("log in to " + host + (auth.username().isPresent() ? " as " + auth.username().get() : ""),
                        r.status(), r.text());
            }
        }
        return auth.challenged();
    }

    /** Closes the connections and the client's threads. */
    @Override
    public void close() {
        http.close();
    }

    /**
     * Sends a request needing {@code scopes}; a 401 renews the challenge and token and tries
     * once more (when the request can be sent again).
     */
    public Response send(Request request, String scopes) throws IOException {
        String authorization = auth.authorization(scopes);
        Response response = http.send(request, uri -> authorization);
        if (response.status() != 401 || !request.retryable()) {
            return response;
        }
        String challenge = response.header("WWW-Authenticate").orElse("");
        response.close();
        if (challenge.isEmpty()) {
            return http.send(request, uri -> authorization);
        }
        auth.challenged(challenge);
        auth.invalidate(scopes);
        String renewed = auth.authorization(scopes);
        return http.send(request, uri -> renewed);
    }
}
