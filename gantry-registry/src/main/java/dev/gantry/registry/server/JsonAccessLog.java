package dev.gantry.registry.server;

import dev.gantry.oci.Json;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per request, one per line, so logs can be filtered with jq and shipped as they are. */
final class JsonAccessLog implements RequestLog {
    private final PrintStream out;

    JsonAccessLog(PrintStream out) {
        this.out = out;
    }

    @Override
    public void log(Request request, Response response) {
        long started = Request.getTimeStamp(request);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(started).toString());
        line.put("remote", Request.getRemoteAddr(request));
        line.put("method", request.getMethod());
        line.put("path", request.getHttpURI().getPathQuery());
        line.put("status", response.getStatus());
        line.put("bytesIn", request.getHeaders().getLongField("Content-Length") < 0 ? null : request.getHeaders().getLongField("Content-Length"));
        line.put("bytesOut", Response.getContentBytesWritten(response));
        line.put("ms", System.currentTimeMillis() - started);
        String agent = request.getHeaders().get("User-Agent");
        if (agent != null) {
            line.put("agent", agent);
        }
        String text = new String(Json.write(line), java.nio.charset.StandardCharsets.UTF_8);
        synchronized (out) {
            out.println(text);
        }
    }
}
