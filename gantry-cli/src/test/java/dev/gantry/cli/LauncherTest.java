package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import dev.gantry.testing.S3ProxyServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./gantry launcher as a user runs it: a copy of it and its scripts in a temporary root whose
 * gantry-cli/target holds jars made from this test's class path (so no Maven build runs), started
 * with the JDK running the test. On JDK 25+ it keeps an AOT cache, on 21-24 a CDS archive.
 */
class LauncherTest {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @TempDir
    Path root;
    private Path target;

    @BeforeEach
    void installLauncher() throws IOException {
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(PROJECT.resolve("gantry"), root.resolve("gantry"));
        try (Stream<Path> scripts = Files.list(PROJECT.resolve("scripts"))) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                Files.copy(script, root.resolve("scripts").resolve(script.getFileName()));
            }
        }
        target = root.resolve("gantry-cli/target");
        Path lib = Files.createDirectories(target.resolve("lib"));
        // As gantry-cli's pom lays out an install: the S3 storage driver and its AWS SDK in plugins/s3, the rest in lib.
        Path s3Plugin = Files.createDirectories(target.resolve("plugins/s3"));
        for (Path entry : classPath()) {
            if (Files.isRegularFile(entry)) {
                // the driver itself is a jar too when the whole reactor is built (mvn verify), its classes directory otherwise
                boolean s3 = entry.toString().contains("/software/amazon/awssdk/") || entry.toString().contains("/org/reactivestreams/")
                        || entry.getFileName().toString().startsWith("gantry-registry-s3-");
                Files.createSymbolicLink((s3 ? s3Plugin : lib).resolve(entry.getFileName()), entry);
            } else if (entry.endsWith("target/classes")) {
                String module = entry.getParent().getParent().getFileName().toString();
                jar(entry, module.equals("gantry-cli") ? target.resolve("gantry-cli.jar")
                        : (module.equals("gantry-registry-s3") ? s3Plugin : lib).resolve(module + ".jar"));
            }
        }
        assertThat(target.resolve("gantry-cli.jar")).exists();
    }

    @Test
    void startsQuietlyAndMakesAStartupCache() throws Exception {
        Result first = gantry("--version");

        assertThat(first.exitCode()).isZero();
        assertThat(first.stdout()).startsWith("gantry ");
        assertThat(first.stderr()).isEmpty();
        assertThat(startupCaches()).isNotEmpty();
    }

    @Test
    void aDamagedStartupCacheNeitherFailsNorWarns() throws Exception {
        assertThat(gantry("--version").exitCode()).isZero();
        FileTime later = FileTime.from(Instant.now().plusSeconds(60));
        for (Path cache : startupCaches()) {
            Files.write(cache, "not a class data archive".repeat(1000).getBytes(StandardCharsets.UTF_8));
            Files.setLastModifiedTime(cache, later); // newer than the jars, so the launcher keeps it
        }

        Result damaged = gantry("--version");

        assertThat(damaged.exitCode()).isZero();
        assertThat(damaged.stdout()).startsWith("gantry ");
        assertThat(damaged.stderr()).isEmpty();
    }

    @Test
    void remakesTheAotCacheWhenAJarIsNewerThanIt() throws Exception {
        assertThat(gantry("--version").exitCode()).isZero();
        List<Path> aot = startupCaches().stream().filter(p -> p.toString().endsWith(".aot")).toList();
        // Not a peer (PeerRequirement): Gantry supports JDK 21, where there is no AOT cache to remake.
        assumeFalse(aot.isEmpty(),
                "the AOT cache needs JDK 25 or newer; this test runs on " + Runtime.version());
        // The cache made an hour ago, the jar rebuilt since: a fresh cache is newer than that jar.
        Instant made = Instant.now().minusSeconds(3600);
        FileTime rebuilt = FileTime.from(made.plusSeconds(60));
        Files.setLastModifiedTime(aot.get(0), FileTime.from(made));
        Files.setLastModifiedTime(target.resolve("gantry-cli.jar"), rebuilt);

        Result afterRebuild = gantry("--version");

        assertThat(afterRebuild.exitCode()).isZero();
        assertThat(afterRebuild.stderr()).isEmpty();
        assertThat(Files.getLastModifiedTime(aot.get(0)).compareTo(rebuilt)).isPositive();
    }

    /**
     * The JVM drops a cache that does not match the run (another class path, a differing
     * --enable-native-access, another JDK) without a word, and the launcher turns its warnings off:
     * only the class-loading log shows it. -XX:AOTMode=on makes an unusable cache an error.
     */
    @Test
    void aCommandLoadsItsClassesFromTheAotCache() throws Exception {
        Path layout = zstdLayout(root.resolve("zstd"));
        assertThat(gantry("--version").exitCode()).isZero();
        assumeFalse(startupCaches().stream().noneMatch(p -> p.toString().endsWith(".aot")),
                "the AOT cache needs JDK 25 or newer; this test runs on " + Runtime.version());
        Path log = root.resolve("class-load.log");

        Result inspect = gantryWithJavaOptions("-XX:AOTMode=on -Xlog:class+load=info:file=" + log,
                "inspect", "oci:" + layout + ":t");

        assertThat(inspect.exitCode()).as(inspect.stderr()).isZero();
        List<String> gantryClasses = Files.readAllLines(log).stream()
                .filter(line -> line.contains(" dev.gantry.") && !line.contains("$$Lambda")).toList();
        assertThat(gantryClasses).anyMatch(line -> line.contains(" dev.gantry.cli.Main source: shared objects file"));
        long fromCache = gantryClasses.stream().filter(line -> line.endsWith("source: shared objects file")).count();
        assertThat(fromCache).as("Gantry classes from the AOT cache, of %d loaded:%n%s", gantryClasses.size(),
                String.join("\n", gantryClasses)).isGreaterThanOrEqualTo(gantryClasses.size() * 8L / 10);
    }

    /**
     * The S3 storage driver and its AWS SDK are on the class path for `gantry serve`, sqlite-jdbc (with its native
     * library) for the rpm databases `packages` and `vulns` read; a short command must not load a class of them
     * (only a serve configured with "driver": "s3" does, only a scan meeting an rpmdb.sqlite does).
     */
    @Test
    void inspectLoadsNoAwsSdkOrSqliteClass() throws Exception {
        assertThat(classPath()).as("the S3 driver's SDK on the class path").anyMatch(p -> p.getFileName().toString().startsWith("s3-2."));
        assertThat(classPath()).as("sqlite-jdbc on the class path").anyMatch(p -> p.getFileName().toString().startsWith("sqlite-jdbc-"));
        Path layout = zstdLayout(root.resolve("zstd"));
        Path log = root.resolve("class-load.log");

        Result inspect = gantryWithJavaOptions("-Xlog:class+load=info:file=" + log, "inspect", "oci:" + layout + ":t");

        assertThat(inspect.exitCode()).as(inspect.stderr()).isZero();
        assertThat(Files.readAllLines(log)).as("classes loaded by inspect")
                .anyMatch(line -> line.contains(" dev.gantry.cli.Main "))
                .noneMatch(line -> line.contains(" software.amazon.awssdk.") || line.contains(" dev.gantry.registry.s3."))
                .noneMatch(line -> line.contains(" org.sqlite.") || line.contains(" dev.gantry.rpmdb."));
    }

    /**
     * The S3 driver and its SDK live in plugins/s3, off the class path (the class-path-wide service searches of every
     * registry command would open their 32 jars): `gantry serve` with "driver": "s3" finds them there, stores what is
     * pushed through it in the bucket, and serves it back.
     */
    @Test
    void serveFindsTheS3DriverInItsPluginDirectory() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            assertThat(target.resolve("lib")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("s3-2.")
                    || p.getFileName().toString().startsWith("gantry-registry-s3"));
            String storage = s3.newStorageOptions(java.util.Map.of()).entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"").collect(java.util.stream.Collectors.joining(", "));
            Path config = root.resolve("serve.json");
            Files.writeString(config, "{\"storage\": {\"driver\": \"s3\", " + storage + "}}");
            int port = ServeProcess.freePort();
            Path log = root.resolve("serve.log");
            Process serve = new ProcessBuilder(root.resolve("gantry").toString(), "serve", "--config", config.toString(),
                    "--addr", "127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5); // the first run trains the start-up cache
                while (!Files.readString(log).contains("serving the registry API") && serve.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(Files.readString(log)).as("serve's output").contains("serving the registry API");
                Path layout = zstdLayout(root.resolve("zstd"));
                String remote = "127.0.0.1:" + port + "/plugins/s3:v1";

                Result push = gantry("copy", "--insecure", "oci:" + layout + ":t", "docker://" + remote);
                Result manifest = gantry("manifest", "--insecure", remote);

                assertThat(push.exitCode()).as(push.stderr()).isZero();
                assertThat(manifest.exitCode()).as(manifest.stderr()).isZero();
                assertThat(manifest.stdout()).contains("application/vnd.oci.image.manifest.v1+json");
            } finally {
                serve.destroy();
                assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve stopped").isTrue();
            }
        }
    }

    /**
     * A command's picocli model comes from code written at compile time (gantry-picocli-specs), not from reading
     * its annotations: the JDK's first annotation read parses it and generates a java.lang.reflect.Proxy class per
     * annotation type, which the AOT cache cannot hold (~0.03 s of every short command). No proxy class is made.
     */
    @Test
    void inspectReadsNoAnnotationByReflection() throws Exception {
        Path layout = zstdLayout(root.resolve("zstd"));
        Path log = root.resolve("class-load.log");

        Result inspect = gantryWithJavaOptions("-Xlog:class+load=info:file=" + log, "inspect", "oci:" + layout + ":t");

        assertThat(inspect.exitCode()).as(inspect.stderr()).isZero();
        assertThat(Files.readAllLines(log)).as("classes loaded by inspect")
                .anyMatch(line -> line.contains(" dev.gantry.cli.commands.InspectCommand_PicocliSpec "))
                .noneMatch(line -> line.contains("__dynamic_proxy__") || line.contains(" jdk.proxy") || line.contains(" com.sun.proxy."));
    }

    /**
     * The first java.util.logging logger, and System.exit (it looks up the java.lang.Runtime logger), make the JDK
     * search every jar on the class path for a System.LoggerFinder (~0.03-0.05 s): only the server, whose log is JUL,
     * may pay that. The launcher lets the command end without it (ProcessExit: the zstd image's native library leaves
     * a deleted file marked for deletion on exit, which must not bring the search back).
     */
    @Test
    void aShortCommandStartsNoLoggingAndSearchesNoJarForALoggingBackend() throws Exception {
        Path layout = zstdLayout(root.resolve("zstd"));
        Path log = root.resolve("class-init.log");

        Result inspect = gantryWithJavaOptions("-Xlog:class+init=info:file=" + log, "inspect", "oci:" + layout + ":t");

        assertThat(inspect.exitCode()).as(inspect.stderr()).isZero();
        assertThat(Files.readAllLines(log)).as("classes initialised by inspect")
                .anyMatch(line -> line.contains("'dev/gantry/cli/Main'"))
                .noneMatch(line -> line.contains("'java/util/logging/LogManager'"))
                .noneMatch(line -> line.contains("'jdk/internal/logger/BootstrapLogger$DetectBackend'"))
                .noneMatch(line -> line.contains("'jdk/internal/logger/LoggerFinderLoader'"));
    }

    /**
     * `gantry --help` keeps picocli's text beside the jar on its first run and prints it later
     * without a JVM: a JVM option that cannot start one proves that none started. A rebuilt jar
     * makes the next run ask picocli again.
     */
    @Test
    void helpIsPicocliTextKeptUntilTheJarChanges() throws Exception {
        Result first = gantry("--help");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).startsWith("Usage: gantry").contains("Image locations:");

        Result kept = gantryWithJavaOptions("-XX:+NoSuchJvmOption", "--help");

        assertThat(kept.exitCode()).as(kept.stderr()).isZero();
        assertThat(kept.stdout()).isEqualTo(first.stdout());
        Files.setLastModifiedTime(target.resolve("gantry-cli.jar"), FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(gantryWithJavaOptions("-XX:+NoSuchJvmOption", "--help").exitCode()).as("a rebuilt jar: picocli asked again").isNotZero();
        Result again = gantry("--help");
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).isEqualTo(first.stdout());
    }

    /** `ln -s /path/to/gantry ~/bin/gantry` is how people put it on their PATH. */
    @Test
    void runsThroughASymlinkFromAnotherDirectory() throws Exception {
        Path bin = Files.createDirectories(root.resolve("elsewhere/bin"));
        Path link = Files.createSymbolicLink(bin.resolve("gantry"), root.resolve("gantry"));

        Result viaLink = run(link, "--version");

        assertThat(viaLink.exitCode()).as(viaLink.stderr()).isZero();
        assertThat(viaLink.stdout()).startsWith("gantry ");
        assertThat(viaLink.stderr()).isEmpty();
    }

    /** zstd-jni loads a native library: on JDK 24+ that printed "WARNING: A restricted method ..." per command. */
    @Test
    void readsAZstdImageWithoutNativeAccessWarnings() throws Exception {
        Path layout = zstdLayout(root.resolve("zstd"));

        Result validate = gantry("validate", "oci:" + layout + ":t");

        assertThat(validate.exitCode()).as(validate.stdout() + validate.stderr()).isZero();
        assertThat(validate.stderr()).doesNotContain("WARNING").isEmpty();
    }

    /** A one-layer OCI layout (tag t) whose layer is zstd-compressed, written by hand. */
    private static Path zstdLayout(Path dir) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] tar;
        try (var bytes = new java.io.ByteArrayOutputStream();
                var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("hello");
            entry.setSize(hello.length);
            out.putArchiveEntry(entry);
            out.write(hello);
            out.closeArchiveEntry();
            out.finish();
            tar = bytes.toByteArray();
        }
        var compressed = new java.io.ByteArrayOutputStream();
        try (var z = new com.github.luben.zstd.ZstdOutputStream(compressed)) {
            z.write(tar);
        }
        String layer = blob(blobs, compressed.toByteArray());
        String config = blob(blobs, ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"sha256:" + sha256(tar) + "\"]}}").getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + config + "\","
                + "\"size\":" + Files.size(blobs.resolve(config)) + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+zstd\",\"digest\":\"sha256:" + layer + "\",\"size\":"
                + compressed.size() + "}]}").getBytes(StandardCharsets.UTF_8);
        String manifestDigest = blob(blobs, manifest);
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + manifestDigest + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"t\"}}]}");
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return dir;
    }

    private static String blob(Path blobs, byte[] content) throws IOException {
        String hex = sha256(content);
        Files.write(blobs.resolve(hex), content);
        return hex;
    }

    private static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Path> startupCaches() throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("gantry.*\\.(aot|jsa)")).toList();
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result gantry(String... args) throws Exception {
        return run(root.resolve("gantry"), args);
    }

    private Result gantryWithJavaOptions(String javaOptions, String... args) throws Exception {
        return runWith(root.resolve("gantry"), javaOptions, args);
    }

    private Result run(Path launcher, String... args) throws Exception {
        return runWith(launcher, null, args);
    }

    private Result runWith(Path launcher, String javaOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("GANTRY_JAVA_OPTS");
        if (javaOptions != null) {
            builder.environment().put("GANTRY_JAVA_OPTS", javaOptions);
        }
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        try {
            // The first run trains the cache: seconds on a loaded machine, never minutes.
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("./gantry finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** This JVM's class path; under Surefire's manifest-only booter jar, the jar's Class-Path. */
    private static List<Path> classPath() throws IOException {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (path.getFileName().toString().startsWith("surefirebooter")) {
                try (JarFile booter = new JarFile(path.toFile())) {
                    for (String url : booter.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
                        entries.add(Path.of(URI.create(url)));
                    }
                }
            } else {
                entries.add(path);
            }
        }
        return entries;
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                try {
                    out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                    Files.copy(p, out);
                    out.closeEntry();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
