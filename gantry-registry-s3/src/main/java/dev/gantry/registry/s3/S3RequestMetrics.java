package dev.gantry.registry.s3;

import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the driver's S3 requests per operation (PutObject, UploadPart, UploadPartCopy...): how
 * many, how many failed, the time they took, the body bytes sent and the object bytes received.
 * An SDK interceptor, so every request the client makes is counted, retries included as one.
 * {@code /metrics} shows them; tests read them to show what an upload costs.
 */
final class S3RequestMetrics implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("gantry-started");

    /** One operation's totals. */
    static final class Totals {
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAdder bytesSent = new LongAdder();
        final LongAdder bytesReceived = new LongAdder();
    }

    private final Map<String, Totals> operations = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Totals totals = record(attributes);
        context.requestBody().flatMap(body -> body.optionalContentLength()).ifPresent(totals.bytesSent::add);
        SdkResponse response = context.response();
        if (response instanceof GetObjectResponse get && get.contentLength() != null) {
            totals.bytesReceived.add(get.contentLength());
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes).failures.increment();
    }

    private Totals record(ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Totals totals = operations.computeIfAbsent(operation == null ? "unknown" : operation, k -> new Totals());
        totals.requests.increment();
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            totals.nanos.add(System.nanoTime() - started);
        }
        return totals;
    }

    /** Requests made so far per operation, sorted by name. */
    Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        operations.forEach((name, t) -> out.put(name, t.requests.sum()));
        return out;
    }

    long requests(String operation) {
        Totals t = operations.get(operation);
        return t == null ? 0 : t.requests.sum();
    }

    long bytesSent() {
        return operations.values().stream().mapToLong(t -> t.bytesSent.sum()).sum();
    }

    long bytesReceived() {
        return operations.values().stream().mapToLong(t -> t.bytesReceived.sum()).sum();
    }

    /** The counters in Prometheus text, as {@code /metrics} serves them. */
    void render(StringBuilder out) {
        Map<String, Totals> sorted = new TreeMap<>(operations);
        out.append("# HELP gantry_s3_requests_total S3 requests made by the storage driver, by operation.\n");
        out.append("# TYPE gantry_s3_requests_total counter\n");
        sorted.forEach((op, t) -> line(out, "gantry_s3_requests_total", op, t.requests.sum()));
        out.append("# HELP gantry_s3_request_failures_total S3 requests that failed, by operation.\n");
        out.append("# TYPE gantry_s3_request_failures_total counter\n");
        sorted.forEach((op, t) -> line(out, "gantry_s3_request_failures_total", op, t.failures.sum()));
        out.append("# HELP gantry_s3_request_duration_seconds_total Time spent in S3 requests, by operation.\n");
        out.append("# TYPE gantry_s3_request_duration_seconds_total counter\n");
        sorted.forEach((op, t) -> out.append("gantry_s3_request_duration_seconds_total{operation=\"").append(op).append("\"} ")
                .append(t.nanos.sum() / 1e9).append('\n'));
        out.append("# HELP gantry_s3_sent_bytes_total Request body bytes sent to S3, by operation.\n");
        out.append("# TYPE gantry_s3_sent_bytes_total counter\n");
        sorted.forEach((op, t) -> line(out, "gantry_s3_sent_bytes_total", op, t.bytesSent.sum()));
    }

    private static void line(StringBuilder out, String name, String operation, long value) {
        out.append(name).append("{operation=\"").append(operation).append("\"} ").append(value).append('\n');
    }
}
