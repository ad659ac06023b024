package dev.gantry.registry.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** --read-only: only GET and HEAD pass; pushes and deletes get 405 UNSUPPORTED, as distribution's read-only mode answers. */
final class ReadOnlyHandler extends Handler.Wrapper {
    private static final byte[] REFUSED = ("{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"this registry is read-only\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    ReadOnlyHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return super.handle(request, response, callback);
        }
        response.setStatus(405);
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, REFUSED.length);
        if (request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) != 0) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(REFUSED), callback);
        return true;
    }
}
