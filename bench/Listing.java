import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/scaleout.sh's listing figures, over a registry's HTTP API only (so every store is seeded and read
 * the same way):
 *   seed-repos BASE N   : N repositories cat/rNNNNN, each with a config blob and one tagged manifest
 *   seed-tags BASE N    : one repository tags/many with one manifest under N tags
 *   page BASE PATH SIZE : follow the Link headers of PATH?n=SIZE to the end; prints "ENTRIES PAGES SECONDS"
 * Seeding runs 8 requests at a time.
 */
public final class Listing {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "seed-repos" -> seedRepos(args[1], Integer.parseInt(args[2]));
            case "seed-tags" -> seedTags(args[1], Integer.parseInt(args[2]));
            case "page" -> page(args[1], args[2], Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static byte[] manifest() throws Exception {
        return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(CONFIG) + "\",\"size\":" + CONFIG.length + "},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(String method, String url, byte[] body, String type, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", type).build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static void pushImage(String base, String repository, String tag, boolean withConfig) throws Exception {
        if (withConfig) {
            send("POST", base + "/v2/" + repository + "/blobs/uploads/?digest=" + sha256(CONFIG), CONFIG, "application/octet-stream", 201);
        }
        send("PUT", base + "/v2/" + repository + "/manifests/" + tag, manifest(), "application/vnd.oci.image.manifest.v1+json", 201);
    }

    private interface Job {
        void run(int i) throws Exception;
    }

    private static void inParallel(int count, Job job) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    job.run(n);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    private static void seedRepos(String base, int count) throws Exception {
        inParallel(count, i -> pushImage(base, String.format("cat/r%05d", i), "latest", true));
    }

    private static void seedTags(String base, int count) throws Exception {
        pushImage(base, "tags/many", "t00000", true);
        inParallel(count - 1, i -> pushImage(base, "tags/many", String.format("t%05d", i + 1), false));
    }

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final Pattern ENTRY = Pattern.compile("\"[^\"]*\"");

    private static void page(String base, String path, int size) throws Exception {
        String next = path + (path.contains("?") ? "&" : "?") + "n=" + size;
        int pages = 0;
        long entries = 0;
        long start = System.nanoTime();
        while (next != null) {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base).resolve(next)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + next + ": " + r.statusCode() + " " + r.body());
            }
            pages++;
            int list = r.body().indexOf('[');
            Matcher m = ENTRY.matcher(r.body().substring(list));
            while (m.find()) {
                entries++;
            }
            Matcher link = NEXT.matcher(r.headers().firstValue("Link").orElse(""));
            next = link.find() ? link.group(1) : null;
        }
        System.out.printf("%d %d %.3f%n", entries, pages, (System.nanoTime() - start) / 1e9);
    }
}
