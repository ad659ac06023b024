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
        record Candidate(URI base, HttpTransport http, String note) {
        }
        HttpTransport verified = HttpTransport.trusting(caFiles, retry);
        HttpTransport unverified = insecure ? new HttpTransport(true, retry) : null;
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate(URI.create("https://" + apiHost), verified, ""));
        if (insecure) {
            candidates.add(new Candidate(URI.create("https://" + apiHost), unverified, " (unverified TLS)"));
            candidates.add(new Candidate(URI.create("http://" + apiHost), unverified, ""));
        }
        List<String> failures = new ArrayList<>();
        boolean untrusted = false;
        for (Candidate c : candidates) {
            // When another scheme is left to try, a failed connection moves on at once instead of backing off.
            HttpTransport pinger = c == candidates.getLast() ? c.http() : c.http().withRetry(RetryPolicy.NONE);
            try (Response r = pinger.send(Request.get(c.base().resolve("/v2/")), uri -> null)) {
                RegistryAuthenticator auth = new RegistryAuthenticator(host, credentials, c.http());
                if (r.status() == 401) {
                    auth.challenged(r.header("WWW-Authenticate").orElse(""));
                } else if (!r.ok()) {
                    throw RegistryException.of("GET " + c.base().resolve("/v2/") + " (is " + host + " a registry?)", r.status(), r.text());
                }
                closeAllBut(c.http(), verified, unverified);
                return new RegistrySession(host, c.base(), c.http(), auth);
            } catch (IOException e) {
                failures.add(c.base() + c.note() + ": " + describe(e));
                untrusted |= c.http() == verified && UntrustedCertificateException.causedBy(e);
            } catch (RuntimeException e) {
                closeAllBut(null, verified, unverified);
                throw e;
            }
        }
        closeAllBut(null, verified, unverified);
        if (untrusted && !insecure) {
            throw new UntrustedCertificateException(host, String.join("; ", failures));
        }
        throw new GantryException("cannot reach registry " + host + ": " + String.join("; ", failures)
                + (insecure ? "" : "; for a registry on plain http or with a self-signed certificate, add --insecure"));
    }

    private static void closeAllBut(HttpTransport keep, HttpTransport... transports) {
        for (HttpTransport t : transports) {
            if (t != null && t != keep) {
                t.close();
            }
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
