package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code gantry copy} and {@code gantry pull}, each in a JVM of its own, at
 * random moments (spread over the time an undisturbed run takes): afterwards the destination
 * holds the old tag or the new one and never an entry naming a missing or wrong blob, nothing
 * half-written is visible, and running the command again completes. Two pulls into one store
 * at once both succeed. The seed of each run is in the failure message.
 */
class KillDuringCopyTest {
    private static final int KILLS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path source;
    private Path old;
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    @BeforeEach
    void makeImages() throws IOException {
        source = dir.resolve("source");
        Path content = Files.createDirectories(dir.resolve("content"));
        List<String> args = new ArrayList<>(List.of("image", "create", "--level", "1"));
        for (int layer = 0; layer < 4; layer++) {
            Path files = Files.createDirectories(content.resolve("l" + layer));
            byte[] noise = new byte[8 << 20]; // incompressible: the copy moves 32 MB
            random.nextBytes(noise);
            Files.write(files.resolve("noise"), noise);
            args.addAll(List.of("--layer", files + ":/l" + layer));
        }
        args.addAll(List.of("-o", "oci:" + source + ":v1"));
        CliRun created = CliRun.of(args.toArray(String[]::new));
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        old = dir.resolve("old");
        Path small = Files.writeString(Files.createDirectories(content.resolve("old")).resolve("f"), "old\n").getParent();
        CliRun made = CliRun.of("image", "create", "--layer", small + ":/", "-o", "oci:" + old + ":v1");
        assertThat(made.exitCode()).as(made.stderr()).isZero();
    }

    @Test
    void aLayoutKilledMidCopyKeepsItsOldTagOrTheNewOneAndARerunCompletes() throws Exception {
        String newDigest = digestOf(source, "v1");
        long undisturbed = millisOf(gantry("copy", "oci:" + source + ":v1", "oci:" + dir.resolve("timed") + ":v1"));
        for (int kill = 0; kill < KILLS; kill++) {
            Path dest = dir.resolve("layout" + kill);
            copyTree(old, dest);
            String oldDigest = digestOf(dest, "v1");

            killAfter(randomDelay(undisturbed), gantry("copy", "oci:" + source + ":v1", "oci:" + dest + ":v1"));

            assertLayoutValid(dest);
            assertThat(digestOf(dest, "v1")).as("seed %d: the tag after the kill", seed).isIn(oldDigest, newDigest);
            assertThat(exitOf(gantry("copy", "oci:" + source + ":v1", "oci:" + dest + ":v1"))).as("seed %d: the re-run", seed).isZero();
            assertLayoutValid(dest);
            assertThat(digestOf(dest, "v1")).isEqualTo(newDigest);
        }
    }

    @Test
    void anArchiveKilledMidCopyIsAbsentOrWholeAndARerunCompletes() throws Exception {
        long undisturbed = millisOf(gantry("copy", "oci:" + source + ":v1", "oci-archive:" + dir.resolve("timed.tar") + ":v1"));
        for (int kill = 0; kill < KILLS; kill++) {
            Path archive = dir.resolve("image" + kill + ".tar");

            killAfter(randomDelay(undisturbed), gantry("copy", "oci:" + source + ":v1", "oci-archive:" + archive + ":v1"));

            if (Files.exists(archive)) {
                CliRun valid = CliRun.of("validate", "oci-archive:" + archive + ":v1");
                assertThat(valid.exitCode()).as("seed %d: an archive left by the kill must be whole: %s", seed, valid.stdout() + valid.stderr()).isZero();
            }
            assertThat(exitOf(gantry("copy", "oci:" + source + ":v1", "oci-archive:" + archive + ":v1"))).as("seed %d", seed).isZero();
            assertThat(CliRun.of("validate", "oci-archive:" + archive + ":v1").exitCode()).isZero();
        }
    }

    @Test
    void theStoreSurvivesAKilledPullAndTwoPullsAtOnce() throws Exception {
        try (RegistryServer server = new RegistryServer(RegistryConfig.defaults().withAddress("127.0.0.1", 0)
                .withDataDir(dir.resolve("registry")).withAccessLog(false).withShutdownGrace(Duration.ZERO), null).start()) {
            String image = "127.0.0.1:" + server.port() + "/kill/app:v1";
            CliRun push = CliRun.of("push", "--insecure", "oci:" + source + ":v1", image);
            assertThat(push.exitCode()).as(push.stderr()).isZero();
            long undisturbed = millisOf(gantry("pull", "--insecure", "--root", dir.resolve("timed-store").toString(), image));
            for (int kill = 0; kill < KILLS; kill++) {
                Path store = dir.resolve("store" + kill);

                killAfter(randomDelay(undisturbed), gantry("pull", "--insecure", "--root", store.toString(), image));

                if (Files.exists(store.resolve("images/index.json"))) {
                    assertLayoutValid(store.resolve("images"));
                }
                // The re-run, twice at once into the same store.
                Process first = start(gantry("pull", "--insecure", "--root", store.toString(), image));
                Process second = start(gantry("pull", "--insecure", "--root", store.toString(), image));
                assertThat(waitFor(first)).as("seed %d: the first of two pulls at once", seed).isZero();
                assertThat(waitFor(second)).as("seed %d: the second of two pulls at once", seed).isZero();
                assertLayoutValid(store.resolve("images"));
            }
        }
    }

    /** Every manifest the layout's index names validates (its blobs present and hashing to their digests). */
    private void assertLayoutValid(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        for (JsonNode entry : index.path("manifests")) {
            String digest = entry.path("digest").asText();
            CliRun valid = CliRun.of("validate", "oci:" + layout + "@" + digest);
            assertThat(valid.exitCode()).as("seed %d: %s@%s after a kill:%n%s%s", seed, layout, digest, valid.stdout(), valid.stderr()).isZero();
        }
        try (Stream<Path> files = Files.walk(layout)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".") && !name.equals("index.json") && !name.equals("oci-layout")))
                    .as("seed %d: only blobs, named by their digests (temporary files start with a dot)", seed)
                    .allMatch(name -> name.matches("[0-9a-f]{64}"));
        }
    }

    private static String digestOf(Path layout, String tag) throws IOException {
        for (JsonNode entry : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
            if (tag.equals(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return entry.path("digest").asText();
            }
        }
        return null;
    }

    /** Somewhere in the first 120% of an undisturbed run, so some kills land after it ends. */
    private long randomDelay(long undisturbedMillis) {
        return (long) (random.nextDouble() * undisturbedMillis * 1.2);
    }

    private void killAfter(long millis, List<String> command) throws Exception {
        Process process = start(command);
        if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly(); // SIGKILL
        }
        process.waitFor();
    }

    private long millisOf(List<String> command) throws Exception {
        long start = System.nanoTime();
        assertThat(exitOf(command)).as("the undisturbed run of %s", command).isZero();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private int exitOf(List<String> command) throws Exception {
        return waitFor(start(command));
    }

    private Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("children.log").toFile())).start();
    }

    private int waitFor(Process process) throws Exception {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("a gantry child ran for 2 minutes; its output:\n" + Files.readString(dir.resolve("children.log")));
        }
        return process.exitValue();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static List<String> gantry(String... args) {
        return GantryJvm.command(args);
    }
}
