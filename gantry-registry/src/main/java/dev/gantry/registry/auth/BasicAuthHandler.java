package dev.gantry.registry.auth;

import dev.gantry.registry.metadata.LoginAttempts;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic authentication in front of the API: every request but the health check must carry
 * credentials from the htpasswd file; otherwise 401 with the challenge Docker clients expect
 * and the spec's UNAUTHORIZED error body. A client address that keeps sending wrong credentials
 * is refused with 429 TOOMANYREQUESTS for a while ({@link LoginThrottle}).
 */
public final class BasicAuthHandler extends Handler.Wrapper {
    private final Htpasswd users;
    private final String realm;
    private final LoginAttempts throttle;

    /**
     * A handler admitting requests whose Basic credentials {@code users} verifies, and {@code /healthz} without any.
     *
     * @param users the htpasswd users
     * @param realm the realm named in the challenge ({@code gantry} in {@code gantry serve}); must not contain
     *              {@code "}
     * @param next  the handler that serves admitted requests
     */
    public BasicAuthHandler(Htpasswd users, String realm, Handler next) {
        this(users, realm, LoginThrottle.defaults(), next);
    }

    /**
     * A handler admitting requests whose Basic credentials {@code users} verifies, and {@code /healthz} without any.
     *
     * @param users    the htpasswd users
     * @param realm    the realm named in the challenge; must not contain {@code "}
     * @param throttle counts each client address's failed logins and says when to refuse it
     * @param next     the handler that serves admitted requests
     */
    public BasicAuthHandler(Htpasswd users, String realm, LoginAttempts throttle, Handler next) {
        super(next);
        this.users = users;
        this.realm = realm;
        this.throttle = throttle;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (Request.getPathInContext(request).equals("/healthz")) {
            return super.handle(request, response, callback);
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null) {
            Unauthorized.send(request, response, callback, challenge(), "authentication required");
            return true;
        }
        String client = Request.getRemoteAddr(request);
        Optional<Duration> wait = throttle.refusedFor(client);
        if (wait.isPresent()) {
            Unauthorized.tooManyRequests(request, response, callback, wait.get(),
                    "too many failed logins from " + client + "; try again in " + Math.max(1, wait.get().toSeconds()) + " s");
            return true;
        }
        if (authenticated(header)) {
            throttle.succeeded(client);
            return super.handle(request, response, callback);
        }
        throttle.failed(client);
        Unauthorized.send(request, response, callback, challenge(), "authentication required");
        return true;
    }

    private String challenge() {
        return "Basic realm=\"" + realm + "\"";
    }

    private boolean authenticated(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && users.verify(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
