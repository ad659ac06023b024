package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.digest.Digest;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 soak, bounded for the normal suite (bench/soak.sh runs the same for minutes): `gantry
 * serve` in its own JVM, three `gantry push` processes and one `skopeo copy` pushing images that
 * share a base layer into three shared repositories, while the server is killed with SIGKILL at
 * random moments and restarted on the same data directory. Afterwards every push whose client
 * exited 0 must pull back bit for bit (manifest and every blob re-hashed) and `gantry serve
 * scrub` must find nothing.
 */
class KillSoakTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Pushing goes on at least this long and until 3 kills and 4 acknowledged pushes, never past
     * the cap: about 45 s in all on an idle machine; one whose two cores run other suites too
     * (every push and restart is a JVM start) stretches it towards the cap.
     */
    private static final Duration PUSHING = Duration.ofSeconds(35);
    private static final Duration HARD_CAP = Duration.ofSeconds(150);
    private static final int IMAGES = 5;
    private static final int REPOSITORIES = 3;
    private static final String ACCEPT = "application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json,"
            + "application/vnd.docker.distribution.manifest.v2+json";

    @TempDir
    Path dir;

    /** A push whose client exited 0, and what it must pull back as. */
    record Acknowledged(String repository, String tag, int image) {
    }

    private String layout(int image) {
        return "oci:" + dir.resolve("images/" + image) + ":v1";
    }

    /** A 1 MiB base every image shares, and a layer of 128-640 KiB of its own on top. */
    private List<String> createImages() throws IOException {
        Path base = Files.createDirectories(dir.resolve("content/base"));
        Files.write(base.resolve("base"), noise(1 << 20, 0));
        CliRun created = CliRun.of("image", "create", "--layer", base + ":/base", "-o", "oci:" + dir.resolve("images/base") + ":v1");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            Path own = Files.createDirectories(dir.resolve("content/" + i));
            Files.write(own.resolve("own"), noise((128 << 10) * (i + 1), i + 1));
            created = CliRun.of("image", "create", "--from", "oci:" + dir.resolve("images/base") + ":v1", "--layer", own + ":/own", "-o", layout(i));
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            digests.add(CliRun.of("digest", layout(i)).stdout().strip());
        }
        return digests;
    }

    private static byte[] noise(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void everyAcknowledgedPushSurvivesKillNineAndScrubFindsNothing() throws Exception {
        PeerTools.assumeInstalled("skopeo");
        List<String> expected = createImages();
        Path data = dir.resolve("data");
        int port = ServeProcess.freePort();
        String host = "127.0.0.1:" + port;
        String[] serveArgs = {"--addr", host, "--data", data.toString(), "--no-access-log"};
        List<Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
        int[] attempts = new int[1];
        java.util.Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
        int kills = 0;
        Instant started = Instant.now();
        ServeProcess serve = ServeProcess.start(dir, serveArgs);
        try {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> pushers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int pusher = p;
                boolean skopeo = p == 3;
                pushers.add(Thread.ofPlatform().name("pusher-" + p).start(() -> {
                    Path log = dir.resolve("pusher-" + pusher + ".log");
                    for (int n = 0; !stop.get(); n++) {
                        int image = ThreadLocalRandom.current().nextInt(IMAGES);
                        String repository = "soak/r" + ThreadLocalRandom.current().nextInt(REPOSITORIES);
                        String tag = "p" + pusher + "-" + n;
                        String target = host + "/" + repository + ":" + tag;
                        List<String> command = skopeo
                                ? List.of("skopeo", "copy", "--quiet", "--dest-tls-verify=false", layout(image), "docker://" + target)
                                : gantry("push", "--insecure", layout(image), target);
                        synchronized (attempts) {
                            attempts[0]++;
                        }
                        if (run(command, log)) {
                            synchronized (acknowledged) {
                                acknowledged.add(new Acknowledged(repository, tag, image));
                                acknowledged.notifyAll();
                            }
                        } else {
                            failures.merge(reason(log), 1, Integer::sum);
                            pause(500); // the server is down or starting: no JVM storm while it does
                        }
                    }
                }));
            }
            // Each server lives until a push got through to it (or 20 s), then a random moment more, while
            // other pushes are in flight: paced by events, not a clock, so a loaded machine still sees
            // pushes land between kills. Minutes of this are bench/soak.sh.
            while (true) {
                Duration elapsed = Duration.between(started, Instant.now());
                if (elapsed.compareTo(HARD_CAP) > 0 || (elapsed.compareTo(PUSHING) > 0 && kills >= 3 && acknowledged.size() >= 4)) {
                    break;
                }
                synchronized (acknowledged) {
                    int before = acknowledged.size();
                    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (acknowledged.size() == before && System.nanoTime() < until) {
                        acknowledged.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                    }
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(0, 2500));
                serve.kill();
                kills++;
                serve = ServeProcess.start(dir, serveArgs);
            }
            stop.set(true);
            for (Thread pusher : pushers) {
                pusher.join(Duration.ofSeconds(120));
            }

            int lost = 0;
            List<String> losses = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            for (Acknowledged push : List.copyOf(acknowledged)) {
                String problem = pullBack(http, host, push, Digest.parse(expected.get(push.image())));
                if (problem != null) {
                    lost++;
                    losses.add(push + ": " + problem);
                }
            }
            CliRun scrub = CliRun.of("serve", "scrub", "--data", data.toString());
            System.out.printf("kill -9 soak: %d s, %d pushes attempted, %d acknowledged, %d kills, %d acknowledged pushes lost; scrub: %s%n"
                            + "failed pushes by reason: %s%n",
                    Duration.between(started, Instant.now()).toSeconds(), attempts[0], acknowledged.size(), kills, lost,
                    scrub.stdout().strip().lines().reduce((a, b) -> b).orElse(""), failures);
            assertThat(losses).isEmpty();
            assertThat(scrub.exitCode()).as(scrub.stdout()).isZero();
            assertThat(kills).isGreaterThanOrEqualTo(3);
            assertThat(acknowledged).as("pushes that got through between kills; the pushers' last output:%n%s", lastOutput())
                    .hasSizeGreaterThanOrEqualTo(4);
        } finally {
            serve.close();
        }
    }

    private String lastOutput() throws IOException {
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < 4; p++) {
            Path log = dir.resolve("pusher-" + p + ".log");
            out.append("pusher ").append(p).append(":\n").append(Files.exists(log) ? Files.readString(log).strip() : "(nothing)").append('\n');
        }
        return out.toString();
    }

    /** A failed client's last line, with digests, ports and ids blanked so that alike failures count together. */
    private static String reason(Path log) {
        try {
            String last = Files.readString(log).strip().lines().reduce((a, b) -> b).orElse("(no output)");
            return last.replaceAll("sha256:[0-9a-f]{64}", "sha256:…").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>")
                    .replaceAll("127\\.0\\.0\\.1:\\d+", "HOST").replaceAll("time=\"[^\"]*\" ", "")
                    .replaceAll("/tmp/junit-?\\d+", "");
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** `gantry` in a JVM of its own, as a user's shell starts it. */
    private static List<String> gantry(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** True when the client exited 0 within two minutes; its output goes to {@code log} (the last attempt's, for a failure's story). */
    private static boolean run(List<String> command, Path log) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Null when the tag serves the expected manifest and every blob it names hashes to its digest; otherwise what is wrong. */
    private static String pullBack(HttpClient http, String host, Acknowledged push, Digest expected) throws Exception {
        HttpResponse<byte[]> manifest = get(http, "http://" + host + "/v2/" + push.repository() + "/manifests/" + push.tag());
        if (manifest.statusCode() != 200) {
            return "manifest GET answered " + manifest.statusCode();
        }
        if (!Digest.sha256(manifest.body()).equals(expected)) {
            return "manifest is " + Digest.sha256(manifest.body()) + ", pushed " + expected;
        }
        JsonNode root = JSON.readTree(manifest.body());
        List<String> blobs = new ArrayList<>(List.of(root.path("config").path("digest").asText()));
        root.path("layers").forEach(layer -> blobs.add(layer.path("digest").asText()));
        for (String blob : blobs) {
            HttpResponse<byte[]> response = get(http, "http://" + host + "/v2/" + push.repository() + "/blobs/" + blob);
            if (response.statusCode() != 200) {
                return "blob " + blob + " GET answered " + response.statusCode();
            }
            if (!Digest.sha256(response.body()).toString().equals(blob)) {
                return "blob " + blob + " came back as " + Digest.sha256(response.body());
            }
        }
        return null;
    }

    private static HttpResponse<byte[]> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", ACCEPT).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
