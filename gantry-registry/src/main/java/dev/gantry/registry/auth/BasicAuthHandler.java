package dev.gantry.registry.auth;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic authentication in front of the API: every request but the health check must carry
 * credentials from the htpasswd file; otherwise 401 with the challenge Docker clients expect
 * and the spec's UNAUTHORIZED error body.
 */
public final class BasicAuthHandler extends Handler.Wrapper {
    private final Htpasswd users;
    private final String realm;

    /**
     * A handler admitting requests whose Basic credentials {@code users} verifies, and {@code /healthz} without any.
     *
     * @param users the htpasswd users
     * @param realm the realm named in the challenge ({@code gantry} in {@code gantry serve}); must not contain
     *              {@code "}
     * @param next  the handler that serves admitted requests
     */
    public BasicAuthHandler(Htpasswd users, String realm, Handler next) {
        super(next);
        this.users = users;
        this.realm = realm;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (Request.getPathInContext(request).equals("/healthz") || authenticated(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            return super.handle(request, response, callback);
        }
        Unauthorized.send(request, response, callback, "Basic realm=\"" + realm + "\"", "authentication required");
        return true;
    }

    private boolean authenticated(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
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
