package dev.gantry.registry.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus counters fed by the request log hook (so every request is counted once, after its
 * response), served as text at /metrics by {@link #handler}.
 */
final class Metrics implements RequestLog {
    /** The storage driver's and metadata store's own metrics (S3 requests, the database pool), or none. */
    private final java.util.function.Consumer<StringBuilder> components;

    Metrics(java.util.function.Consumer<StringBuilder> components) {
        this.components = components;
    }

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> durationMicros = new ConcurrentHashMap<>();
    private final LongAdder bytesOut = new LongAdder();

    @Override
    public void log(Request request, Response response) {
        String method = request.getMethod();
        requests.computeIfAbsent("method=\"" + method + "\",code=\"" + response.getStatus() + "\"", k -> new LongAdder()).increment();
        long micros = (System.currentTimeMillis() - Request.getTimeStamp(request)) * 1000;
        durationMicros.computeIfAbsent("method=\"" + method + "\"", k -> new LongAdder()).add(micros);
        bytesOut.add(Response.getContentBytesWritten(response));
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP gantry_http_requests_total HTTP requests answered, by method and status code.\n");
        out.append("# TYPE gantry_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((labels, n) -> out.append("gantry_http_requests_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        out.append("# HELP gantry_http_request_duration_seconds_total Time spent answering requests, by method.\n");
        out.append("# TYPE gantry_http_request_duration_seconds_total counter\n");
        new TreeMap<>(durationMicros).forEach((labels, us) -> out.append("gantry_http_request_duration_seconds_total{").append(labels).append("} ")
                .append(us.sum() / 1e6).append('\n'));
        out.append("# HELP gantry_http_response_bytes_total Response body bytes written.\n");
        out.append("# TYPE gantry_http_response_bytes_total counter\n");
        out.append("gantry_http_response_bytes_total ").append(bytesOut.sum()).append('\n');
        out.append("# HELP gantry_jvm_heap_used_bytes JVM heap in use.\n");
        out.append("# TYPE gantry_jvm_heap_used_bytes gauge\n");
        out.append("gantry_jvm_heap_used_bytes ").append(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()).append('\n');
        components.accept(out);
        return out.toString();
    }

    /** Answers GET /metrics, passes everything else on. */
    Handler handler(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!Request.getPathInContext(request).equals("/metrics")) {
                    return super.handle(request, response, callback);
                }
                byte[] body = render().getBytes(StandardCharsets.UTF_8);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        };
    }
}
