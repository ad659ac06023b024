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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One registry host: where its API lives (https, or with {@code --insecure} unverified https
 * or http, found by pinging {@code /v2/}), and how to authorise requests to it. Shared by
 * every repository client on that host, and safe for concurrent use: tokens are cached per scope
 * and fetched once when parallel requests need the same one.
 */
public final class RegistrySession implements AutoCloseable {
    private final String host;
    private final URI base;
    private final HttpTransport http;
    private final RegistryAuthenticator auth;
    /**
     * The most bytes one upload request may carry here, learned from a 413 answer to a blob
     * streamed in one PATCH, so that the session's later blobs go in chunks at once instead of
     * each being refused first. Unlimited until then.
     */
    private final java.util.concurrent.atomic.AtomicLong uploadRequestLimit = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    /** How long http may take to answer as a registry before https is tried too (explicit port, {@code --insecure}). */
    static final java.time.Duration HTTP_HEAD_START = java.time.Duration.ofMillis(300);

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

    /**
     * Pings the registry and remembers its scheme and auth challenge, trusting the JDK's CAs only.
     *
     * @param host        the registry as written in references ({@code localhost:5000}; {@code docker.io} is reached
     *                    at {@code registry-1.docker.io})
     * @param insecure    {@code --insecure}: accept plain http and unverified https
     * @param credentials where the credentials for {@code host} come from; looked up once, when the ping answers
     * @param retry       how failed requests of this session are retried
     * @return an open session, which the caller closes
     * @throws IOException as {@link #open(String, boolean, List, CredentialStore, RetryPolicy)} does
     * @throws GantryException as {@link #open(String, boolean, List, CredentialStore, RetryPolicy)} does
     */
    @SuppressWarnings("exports") // the HTTP layer is internal (exported to the CLI only); libraries use RegistryTransportProvider.session
    public static RegistrySession open(String host, boolean insecure, CredentialStore credentials, RetryPolicy retry) throws IOException {
        return open(host, insecure, List.of(), credentials, retry);
    }

    /**
     * Pings the registry; verified TLS trusts the JDK's CAs plus those in {@code caFiles} (PEM).
     * With {@code insecure}, https without certificate checks and plain http are probed at once
     * (see {@link #openInsecure}). The API base is where {@code /v2/} answered after redirects.
     *
     * @param host        the registry as written in references ({@code localhost:5000}; {@code docker.io} is reached
     *                    at {@code registry-1.docker.io})
     * @param insecure    {@code --insecure}: accept plain http and unverified https
     * @param caFiles     PEM files of extra CAs for verified TLS, read before anything is sent; may be empty
     * @param credentials where the credentials for {@code host} come from; looked up once, when the ping answers
     * @param retry       how failed requests of this session are retried
     * @return an open session, which the caller closes
     * @throws IOException not for an unreachable registry, which is a {@link GantryException}; declared for the
     *                     transports underneath
     * @throws UntrustedCertificateException when, without {@code insecure}, the registry's certificate does not
     *                                       verify (the message says how to trust it)
     * @throws RegistryException when, without {@code insecure}, {@code /v2/} answers neither 2xx nor 401 (the host
     *                           may not be a registry)
     * @throws GantryException when the registry cannot be reached on any scheme tried (the message lists each
     *                         failure), or a CA file cannot be read
     */
    @SuppressWarnings("exports") // the HTTP layer is internal (exported to the CLI only); libraries use RegistryTransportProvider.session
    public static RegistrySession open(String host, boolean insecure, List<Path> caFiles, CredentialStore credentials,
                                       RetryPolicy retry) throws IOException {
        if (insecure) {
            // Not closed by try-with-resources, which would wait for the losing probe's handshake to fail. Platform
            // threads, not virtual ones: a virtual thread's blocking socket read starts the JDK's poller thread, which
            // then sits in epoll_wait, and System.exit waits up to 300 ms for a thread in native code (VM_Exit).
            return openInsecure(host, credentials, retry, HTTP_HEAD_START,
                    Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("gantry-probe").factory()));
        }
        URI https = URI.create("https://" + apiHost(host));
        HttpTransport verified = HttpTransport.trusting(caFiles, retry);
        Attempt only;
        try {
            only = ping(host, https, verified, retry, credentials, "");
        } catch (RuntimeException e) {
            verified.close();
            throw e;
        }
        if (only.session() == null && only.untrusted()) {
            verified.close();
            throw new UntrustedCertificateException(host, only.failure());
        }
        return only.sessionOrFail(host, List.of(only), false);
    }

    private static String apiHost(String host) {
        return host.equals("docker.io") ? "registry-1.docker.io" : host;
    }

    /**
     * {@code --insecure}: https (certificate unchecked, as the flag allows) and plain http. A
     * host:port speaks one protocol, so with an explicit port the first scheme that answers as a
     * registry is the one, and http goes first: it costs one plain request, while a TLS attempt
     * costs a cold JVM about 0.3 s of CPU (TLS and HTTP-client set-up, key generation) that a
     * loopback or LAN registry on http would otherwise pay on every command, beside the transfer
     * it slows down. https starts as soon as http fails, or after {@link #HTTP_HEAD_START}
     * without an answer (go-containerregistry races the two the other way round, with https
     * ahead by 300 ms). Without a port the two are different servers (443 and 80), probed at
     * once, and http is used only when https fails. The probes run on {@code probes}, shut down
     * (a probe still going is interrupted) once a scheme is chosen; a test passes its own to wait
     * for every probe to end, and a head start of its choosing.
     */
    static RegistrySession openInsecure(String host, CredentialStore credentials, RetryPolicy retry,
                                        java.time.Duration httpHeadStart, ExecutorService probes) {
        URI https = URI.create("https://" + apiHost(host));
        URI http = URI.create("http://" + apiHost(host));
        HttpTransport unverified = new HttpTransport(true, retry);
        try {
            CompletableFuture<Attempt> plain = CompletableFuture.supplyAsync(
                    () -> probe(host, http, unverified, retry, credentials, ""), probes);
            CompletableFuture<Attempt> tls = new CompletableFuture<>();
            AtomicBoolean tlsStarted = new AtomicBoolean();
            Runnable startTls = () -> {
                if (tlsStarted.compareAndSet(false, true)) {
                    CompletableFuture.supplyAsync(() -> probe(host, https, unverified, RetryPolicy.NONE, credentials,
                            " (unverified TLS)"), probes).whenComplete((a, e) -> complete(tls, a, e));
                }
            };
            Attempt chosen;
            if (https.getPort() >= 0) {
                CompletableFuture<Attempt> first = new CompletableFuture<>();
                plain.whenComplete((a, e) -> {
                    if (e != null) {
                        first.completeExceptionally(e);
                    } else if (a.session() != null) {
                        first.complete(a);
                    } else {
                        startTls.run();
                    }
                });
                probes.execute(() -> {
                    try {
                        Thread.sleep(httpHeadStart); // interrupted by shutdownNow once a scheme is chosen
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!first.isDone()) {
                        startTls.run();
                    }
                });
                tls.whenComplete((a, e) -> {
                    if (e != null) {
                        first.completeExceptionally(e);
                    } else if (a.session() != null || plain.isDone()) {
                        first.complete(a.session() != null ? a : plain.join());
                    } else {
                        plain.whenComplete((p, pe) -> complete(first, p, pe));
                    }
                });
                chosen = first.join();
            } else {
                startTls.run();
                chosen = tls.join().session() != null ? tls.join() : plain.join();
            }
            if (chosen.session() != null) {
                return chosen.session();
            }
            return plain.join().sessionOrFail(host, List.of(tls.join(), plain.join()), true);
        } catch (CompletionException e) {
            unverified.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } catch (RuntimeException e) {
            unverified.close();
            throw e;
        } finally {
            probes.shutdownNow(); // interrupts a probe still going; its outcome is no longer wanted
        }
    }

    private static <T> void complete(CompletableFuture<T> future, T value, Throwable failure) {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(value);
        }
    }

    /** One ping's outcome: a session, or why not (and whether the certificate was the reason). */
    private record Attempt(RegistrySession session, boolean untrusted, HttpTransport http, String failure) {
        RegistrySession sessionOrFail(String host, List<Attempt> tried, boolean insecure) {
            if (session != null) {
                return session;
            }
            http.close();
            List<String> failures = tried.stream().map(Attempt::failure).toList();
            throw new GantryException("cannot reach registry " + host + ": " + String.join("; ", failures)
                    + (insecure ? "" : "; for a registry on plain http or with a self-signed certificate, add --insecure"));
        }
    }

    /** {@link #ping} for a race: an answer that is neither 2xx nor 401 is this scheme's failure, not the end. */
    private static Attempt probe(String host, URI base, HttpTransport http, RetryPolicy retry, CredentialStore credentials,
                                 String note) {
        try {
            return ping(host, base, http, retry, credentials, note);
        } catch (GantryException e) {
            return new Attempt(null, false, http, base + note + ": " + e.getMessage());
        }
    }

    /** A GET of /v2/: a session, or the connection's failure; a registry's refusal (neither 2xx nor 401) is thrown. */
    private static Attempt ping(String host, URI base, HttpTransport http, RetryPolicy retry, CredentialStore credentials,
                                String note) {
        try (Response r = http.withRetry(retry).send(Request.get(base.resolve("/v2/")), uri -> null)) {
            RegistryAuthenticator auth = new RegistryAuthenticator(host, credentials, http);
            if (r.status() == 401) {
                auth.challenged(r.header("WWW-Authenticate").orElse(""));
            } else if (!r.ok()) {
                throw RegistryException.of("GET " + base.resolve("/v2/") + " (is " + host + " a registry?)", r.status(), r.text());
            }
            // Where /v2/ answered after redirects (an http port sending clients to https, say) is where the API lives.
            URI answered = URI.create(r.uri().getScheme() + "://" + r.uri().getRawAuthority());
            return new Attempt(new RegistrySession(host, answered, http, auth), false, http, null);
        } catch (IOException e) {
            return new Attempt(null, UntrustedCertificateException.causedBy(e), http, base + note + ": " + describe(e));
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    /**
     * The registry this session talks to.
     *
     * @return the host as given to {@link #open}, with its port if it had one
     */
    public String host() {
        return host;
    }

    /**
     * Where the registry's API lives: the scheme and authority at which {@code /v2/} answered, after redirects.
     *
     * @return a URI such as {@code https://registry-1.docker.io} or {@code http://127.0.0.1:5000}, without a path
     */
    public URI base() {
        return base;
    }

    /** See {@link #limitUploadRequests}; {@code Long.MAX_VALUE} until the registry refused a request as too large. */
    long uploadRequestLimit() {
        return uploadRequestLimit.get();
    }

    /** Remembers that upload requests to this registry must stay at or below {@code bytes}. */
    void limitUploadRequests(long bytes) {
        uploadRequestLimit.accumulateAndGet(bytes, Math::min);
    }

    /**
     * How this session authorises its requests: the registry's challenge, the credentials, cached tokens.
     *
     * @return the session's authenticator
     */
    public RegistryAuthenticator authenticator() {
        return auth;
    }

    /**
     * Checks this session's credentials by an authorised GET /v2/ (for token auth that means
     * asking the token server with them), as {@code gantry login} does before storing them.
     *
     * @return true when the registry asked for authentication and the credentials were accepted; false when the
     *         registry asks for no login at all
     * @throws IOException when the request cannot be sent or answered
     * @throws RegistryException when the registry refuses the credentials (its message suggests how to log in)
     * @throws GantryException when the token server refuses them
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
     * once more (when the request can be sent again: a one-shot body is never resent). Error
     * statuses are returned, not thrown: the caller decides what they mean.
     *
     * @param request the request, its URI normally under {@link #base()}
     * @param scopes  the token scopes it needs, space-separated ({@code repository:NAME:pull}), or empty for none
     * @return the final response, which the caller closes
     * @throws IOException when the request cannot be sent or answered after the session's retries
     * @throws GantryException when a token cannot be obtained from the token server
     */
    @SuppressWarnings("exports") // the HTTP layer is internal: RegistryClient is the public way to send requests
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
