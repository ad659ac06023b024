package dev.gantry.registry.auth;

import dev.gantry.oci.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The 401 both auth schemes answer (their challenge, and the spec's UNAUTHORIZED error body), and the 429 of a throttled client. */
final class Unauthorized {
    private Unauthorized() {
    }

    static void send(Request request, Response response, Callback callback, String challenge, String message) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
        error(request, response, callback, 401, "UNAUTHORIZED", message);
    }

    static void tooManyRequests(Request request, Response response, Callback callback, Duration retryAfter, String message) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Math.max(1, retryAfter.toSeconds()));
        error(request, response, callback, 429, "TOOMANYREQUESTS", message);
    }

    private static void error(Request request, Response response, Callback callback, int status, String code, String message) {
        byte[] body = Json.write(Map.of("errors", List.of(Map.of("code", code, "message", message))));
        response.setStatus(status);
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        // The body of a refused upload is not read: the connection cannot be reused.
        if (request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
