package dev.gantry.registry.auth;

import dev.gantry.registry.api.Route;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Token auth in front of the API (distribution's {@code auth.token}): every request but the
 * health check needs a bearer token from the configured token server that grants the route's
 * scopes ({@link RequiredScopes}). Otherwise 401 with the challenge Docker clients follow:
 * {@code Bearer realm="...",service="...",scope="repository:NAME:pull,push"}, plus
 * {@code error="invalid_token"} or {@code error="insufficient_scope"} when a token was sent.
 * What the token grants is left on the request ({@link Access}) for checks beyond the route.
 */
public final class TokenAuthHandler extends Handler.Wrapper {
    private final TokenVerifier verifier;
    private final String realm;
    private final String service;

    /**
     * A handler admitting requests whose bearer token {@code verifier} accepts and whose grants cover the route,
     * and {@code /healthz} without any.
     *
     * @param verifier checks tokens and reads their grants
     * @param realm    the token server's URL, named in every challenge; must not contain {@code "}
     * @param service  this registry's service name, named in every challenge; must not contain {@code "}
     * @param next     the handler that serves admitted requests
     */
    public TokenAuthHandler(TokenVerifier verifier, String realm, String service, Handler next) {
        super(next);
        this.verifier = verifier;
        this.realm = realm;
        this.service = service;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals("/healthz")) {
            return super.handle(request, response, callback);
        }
        List<Scope> required = RequiredScopes.of(Route.parse(path), request.getMethod());
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            Unauthorized.send(request, response, callback, challenge(required, null), "authentication required");
            return true;
        }
        Access access;
        try {
            access = verifier.verify(header.substring(7).strip());
        } catch (TokenVerifier.InvalidTokenException e) {
            Unauthorized.send(request, response, callback, challenge(required, "invalid_token"), e.getMessage());
            return true;
        }
        for (Scope scope : required) {
            if (!access.permits(scope)) {
                Unauthorized.send(request, response, callback, challenge(required, "insufficient_scope"),
                        "the token does not grant " + scope + "; ask the token server for that scope");
                return true;
            }
        }
        access.attachTo(request);
        return super.handle(request, response, callback);
    }

    private String challenge(List<Scope> required, String error) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm).append("\",service=\"").append(service).append('"');
        if (!required.isEmpty()) {
            challenge.append(",scope=\"").append(required.stream().map(Scope::toString).collect(Collectors.joining(" "))).append('"');
        }
        if (error != null) {
            challenge.append(",error=\"").append(error).append('"');
        }
        return challenge.toString();
    }
}
