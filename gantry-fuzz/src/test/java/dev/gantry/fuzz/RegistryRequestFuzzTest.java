package dev.gantry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gantry.digest.Digest;
import dev.gantry.registry.api.RegistryHandler;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.storage.FileSystemDriver;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's HTTP side, through Jetty's HTTP parser and URI handling exactly as `gantry serve`
 * configures them (a {@link LocalConnector}, no sockets) into {@link RegistryHandler}: routing
 * of odd paths (%2e%2e, //, encoded slashes, query strings), Range on blob GETs, Content-Range on
 * upload chunks, uploads, manifests, tags, referrers and the catalog. Each input is one request
 * against a fresh copy of a store holding umoci's image as demo/hello:v1. The invariants: a
 * response always comes and is never a 500 (the handler's answer to a bug), a blob's 200 or 206
 * body is exactly the blob or the slice its Content-Range names, and nothing is written beside
 * the store's directory.
 *
 * <p>An input is a request in short form: "METHOD TARGET", header lines, a blank line, the body.
 * The harness adds Host, Content-Length and Connection: close, so every request is framed;
 * "UPLOAD" in the target becomes the id of an upload session started just before.
 */
class RegistryRequestFuzzTest {
    private static final String REPOSITORY = "demo/hello";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    private static final Pattern UPLOAD_LOCATION = Pattern.compile("/v2/" + REPOSITORY + "/blobs/uploads/([^?]+)");
    private static final List<String> FRAMING = List.of("host", "content-length", "transfer-encoding", "connection", "expect");

    private static Server server;
    private static LocalConnector connector;
    private static final SwappableHandler handler = new SwappableHandler();
    private static Path scratch;
    private static Path template;
    private static byte[] layer;
    private static Digest layerDigest;

    /** The registry handler of the current input's store. */
    private static final class SwappableHandler extends Handler.Abstract {
        volatile Handler target;

        SwappableHandler() {
            super(InvocationType.BLOCKING);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return target.handle(request, response, callback);
        }
    }

    @BeforeAll
    static void startWithUmociImage() throws Exception {
        scratch = Files.createTempDirectory("gantry-fuzz-registry-");
        template = Files.createDirectory(scratch.resolve("template"));
        handler.target = new RegistryHandler(new Registry(new FileSystemDriver(template)));
        server = new Server(new VirtualThreadPool());
        HttpConfiguration http = new HttpConfiguration();
        // as RegistryServer configures its connector
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setRelativeRedirectAllowed(true);
        http.setInputBufferSize(64 << 10);
        connector = new LocalConnector(server, new HttpConnectionFactory(http));
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();

        layer = FuzzFiles.seed(CompressedStreamFuzzTest.class, "layerStream", "umoci-layer1.tar.gz");
        layerDigest = Digest.sha256(layer);
        push(layer);
        push(FuzzFiles.seed(CompressedStreamFuzzTest.class, "layerStream", "umoci-layer2.tar.gz"));
        push(FuzzFiles.seed(ManifestJsonFuzzTest.class, "config", "umoci-config.json"));
        byte[] manifest = FuzzFiles.seed(ManifestJsonFuzzTest.class, "manifest", "oci-manifest.json");
        HttpTester.Response put = send("PUT", "/v2/" + REPOSITORY + "/manifests/v1",
                List.of("Content-Type: application/vnd.oci.image.manifest.v1+json"), manifest);
        assertThat(put.getStatus()).as(put.getContent()).isEqualTo(201);
    }

    private static void push(byte[] blob) throws Exception {
        HttpTester.Response r = send("POST", "/v2/" + REPOSITORY + "/blobs/uploads/?digest=" + Digest.sha256(blob), List.of(), blob);
        assertThat(r.getStatus()).as(r.getContent()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        FuzzFiles.deleteTree(scratch);
    }

    @FuzzTest
    void request(byte[] input) throws Exception {
        Path base = Files.createTempDirectory(scratch, "in-");
        try {
            Path data = base.resolve("data");
            copyTree(template, data);
            Files.writeString(base.resolve("sentinel.txt"), "beside the store");
            handler.target = new RegistryHandler(new Registry(new FileSystemDriver(data)));

            ShortRequest request = ShortRequest.parse(input);
            String target = request.target;
            if (target.contains("UPLOAD")) {
                HttpTester.Response started = send("POST", "/v2/" + REPOSITORY + "/blobs/uploads/", List.of(), new byte[0]);
                Matcher m = UPLOAD_LOCATION.matcher(String.valueOf(started.get("Location")));
                assertThat(m.find()).as("an upload session's Location: " + started.get("Location")).isTrue();
                target = target.replace("UPLOAD", m.group(1));
            }
            HttpTester.Response response = send(request.method, target, request.headers, request.body);
            assertThat(response.getStatus()).as("status of %s %s: %s", request.method, target, response.getContent()).isNotEqualTo(500);
            if (request.method.equals("GET") && layerDigest.toString().equals(response.get("Docker-Content-Digest"))) {
                assertBlobBody(response);
            }
            try (Stream<Path> beside = Files.list(base)) {
                assertThat(beside.map(p -> p.getFileName().toString()).sorted()).containsExactly("data", "sentinel.txt");
            }
            assertThat(base.resolve("sentinel.txt")).hasContent("beside the store");
        } finally {
            FuzzFiles.deleteTree(base);
        }
    }

    /** A 200 carries the whole blob, a 206 exactly the range its Content-Range names. */
    private static void assertBlobBody(HttpTester.Response response) {
        byte[] body = response.getContentBytes();
        if (response.getStatus() == 200) {
            assertThat(body).isEqualTo(layer);
        } else if (response.getStatus() == 206) {
            Matcher m = CONTENT_RANGE.matcher(String.valueOf(response.get("Content-Range")));
            assertThat(m.matches()).as("Content-Range " + response.get("Content-Range")).isTrue();
            long start = Long.parseLong(m.group(1));
            long end = Long.parseLong(m.group(2));
            assertThat(Long.parseLong(m.group(3))).isEqualTo(layer.length);
            assertThat(start).isBetween(0L, end);
            assertThat(end).isLessThan(layer.length);
            assertThat(body).isEqualTo(Arrays.copyOfRange(layer, (int) start, (int) end + 1));
        }
    }

    /** Sends one framed request and parses the response; fails when none comes. */
    private static HttpTester.Response send(String method, String target, List<String> headers, byte[] body) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (String h : headers) {
            raw.writeBytes((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        raw.writeBytes(("Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        raw.writeBytes(body);
        ByteBuffer out = connector.getResponse(ByteBuffer.wrap(raw.toByteArray()), method.equals("HEAD"), 10, TimeUnit.SECONDS);
        assertThat(out).as("a response to %s %s", method, target).isNotNull();
        HttpTester.Response response = method.equals("HEAD") ? HttpTester.parseHeadResponse(out) : HttpTester.parseResponse(out);
        assertThat(response).as("a parseable response to %s %s", method, target).isNotNull();
        return response;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    /** "METHOD TARGET\nHeader: value\n...\n\nbody", made safe to frame: no CR or LF inside a line, no framing headers. */
    private record ShortRequest(String method, String target, List<String> headers, byte[] body) {
        static ShortRequest parse(byte[] input) {
            int end = indexOf(input, new byte[] {'\n', '\n'});
            String head = new String(input, 0, end < 0 ? input.length : end, StandardCharsets.ISO_8859_1).replace("\r", "");
            byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(input, end + 2, input.length);
            List<String> lines = head.lines().toList();
            String first = lines.isEmpty() ? "" : lines.getFirst();
            int space = first.indexOf(' ');
            String method = space < 0 ? first : first.substring(0, space);
            String target = space < 0 ? "/" : first.substring(space + 1);
            if (!method.matches("[A-Z]{1,10}")) {
                method = "GET";
            }
            List<String> headers = lines.stream().skip(1)
                    .filter(l -> l.indexOf(':') > 0)
                    .filter(l -> !FRAMING.contains(l.substring(0, l.indexOf(':')).strip().toLowerCase(Locale.ROOT)))
                    .toList();
            return new ShortRequest(method, target, headers, body);
        }

        private static int indexOf(byte[] data, byte[] what) {
            for (int i = 0; i + what.length <= data.length; i++) {
                if (Arrays.equals(data, i, i + what.length, what, 0, what.length)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
