package dev.gantry.registry.auth;

import dev.gantry.oci.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** The 401 both auth schemes answer: their challenge, and the spec's UNAUTHORIZED error body. */
final class Unauthorized {
    private Unauthorized() {
    }

    static void send(Request request, Response response, Callback callback, String challenge, String message) {
        byte[] body = Json.write(Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED", "message", message))));
        response.setStatus(401);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
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
