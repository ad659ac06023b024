package dev.gantry.cli;

import dev.gantry.runtime.apply.Trees;
import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.ContainerRunner;
import dev.gantry.runtime.container.ContainerSpec;
import dev.gantry.store.StoreRoot;
import dev.gantry.transport.RemoteOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run behind Gantry's start-up cache (scripts/aot-cache.sh, JDK 25+): one JVM that
 * does what users' first commands do, so that the JDK's AOT cache holds those classes loaded and
 * linked, and their early method profiles. A cache trained on a local {@code inspect} alone left
 * a remote command loading some 1,700 classes (HTTP client, TLS, auth) from the jars at every
 * start: 1.2 s for {@code gantry manifest} of a loopback registry, against 0.06 s for skopeo.
 *
 * <p>Everything happens in a temporary directory and on a loopback registry (a {@code gantry serve}
 * the training starts and stops): no network, no user credentials (an empty auth file), no
 * container process (the container is created with a copied rootfs and removed, never started).
 */
public final class StartupTraining {
    private static final Pattern READY = Pattern.compile("serving the registry API on http://([^/\\s]+)/v2/");

    private StartupTraining() {
    }

    /**
     * {@code args[0]}: an OCI layout holding a small image tagged {@code training}; or
     * {@code --help-only}, for the small cache of {@code --help}, or {@code --version-only}, for the
     * smallest, of {@code --version}; or {@code --short} and the layout, for the cache of the short
     * metadata commands (local and remote inspect/manifest/tags, store listings); or {@code --run} and the
     * layout, for {@code run}'s ({@link #trainRun}). The JVM loads a
     * whole cache at start, so each command would otherwise pay for classes it never uses:
     * picocli's 0.02-0.03 s for {@code --version}; pull's, run's and build's ~0.08 s of CPU for
     * {@code inspect} (the commands' cache holds 4,400 classes, inspect's own 2,400).
     */
    public static void main(String[] args) throws Exception {
        ProcessSettings.apply();
        if (args.length > 0 && (args[0].equals("--help-only") || args[0].equals("--version-only"))) {
            List<String> failed = new ArrayList<>();
            cli(failed, "--version");
            if (args[0].equals("--help-only")) {
                cli(failed, "--help");
            }
            failed.forEach(f -> System.err.println("training: " + f));
            ProcessExit.nothingWaitsForShutdown(); // what every command's end reads, in the cache too
            System.exit(0);
        }
        boolean shortCommands = args[0].equals("--short");
        boolean run = args[0].equals("--run");
        Path layout = Path.of(args[shortCommands || run ? 1 : 0]).toAbsolutePath();
        Path work = Files.createTempDirectory("gantry-training");
        try {
            List<String> failures = run ? trainRun("oci:" + layout + ":training", work)
                    : train("oci:" + layout + ":training", work, shortCommands);
            for (String failed : failures) {
                System.err.println("training: " + failed);
            }
        } finally {
            Trees.deleteRecursively(work);
        }
        ProcessExit.nothingWaitsForShutdown();
        System.exit(0); // the registry's and HTTP client's threads are not waited for
    }

    /**
     * Runs the training on image {@code local} (a local location) inside {@code work}; returns the
     * steps that failed. A failed step only leaves its classes out of the cache, so the launcher
     * keeps whatever was trained; the tests require none to fail.
     */
    static List<String> train(String local, Path work, boolean shortCommands) throws Exception {
        List<String> failed = new ArrayList<>();
        Path auth = work.resolve("auth.json");
        Files.writeString(auth, "{\"auths\":{}}");
        String store = work.resolve("store").toString();
        cli(failed, "inspect", local);
        cli(failed, "manifest", local);
        cli(failed, "config", local);
        cli(failed, "layers", local);
        cli(failed, "digest", local);
        cli(failed, "history", local);
        if (!shortCommands) {
            cli(failed, "run", "--help");
        }
        Process registry = startRegistry(work.resolve("registry"));
        try {
            String remote = awaitAddress(registry) + "/training/image:v1";
            String[] remoteOptions = {"--insecure", "--authfile", auth.toString()};
            String[] push = concat(new String[]{"push", "-q"}, remoteOptions, local, remote);
            if (shortCommands) {
                // In a JVM of its own: the image must be there to read, but the upload's classes would
                // be loaded at every short command's start.
                gantryProcess(failed, push);
            } else {
                cli(failed, push);
            }
            cli(failed, concat(new String[]{"manifest"}, remoteOptions, remote));
            cli(failed, concat(new String[]{"inspect"}, remoteOptions, remote));
            cli(failed, concat(new String[]{"tags"}, remoteOptions, remote.substring(0, remote.lastIndexOf(':'))));
            if (!shortCommands) {
                cli(failed, concat(new String[]{"pull", "-q"}, remoteOptions, remote, "oci:" + work.resolve("pulled") + ":v1"));
            }
        } catch (IOException e) {
            failed.add("training registry: " + e.getMessage());
        } finally {
            registry.destroy();
            registry.waitFor();
        }
        if (shortCommands) {
            cli(failed, "ps", "--root", store);
            cli(failed, "images", "--root", store);
            return failed;
        }
        // What `gantry run` does before it starts runc (image into the store, rootfs, config.json), then `ps`/`images`.
        try {
            ContainerRunner runner = new ContainerRunner(StoreRoot.locate(Path.of(store)), RemoteOptions.defaults(),
                    notice -> { }, false);
            Container container = runner.create(ContainerSpec.of(local, "/hello"));
            cli(failed, "ps", "--root", store);
            cli(failed, "images", "--root", store);
            runner.remove(container, true);
        } catch (IOException | RuntimeException e) {
            failed.add("container create/remove: " + e);
        }
        return failed;
    }

    /**
     * The training of {@code run}'s own cache: {@code gantry run --rm} of image {@code local} into a store inside
     * {@code work}, as a user's first run does (image into the store, snapshots, overlay, config, runc). The
     * training image holds no program, so the runtime stops at the exec: 126 (not executable) or 127 (not found)
     * is the expected end, and the classes up to there are what every run loads. Without a network (none), so that
     * training makes nothing on the host's network. A cache of its own because the JVM loads a whole cache at
     * start: the commands' cache (pull, push, build) cost each run ~0.05 s more.
     *
     * @param local the image, a local location
     * @param work  a scratch directory
     * @return the steps that failed (none as root with runc and overlayfs)
     */
    static List<String> trainRun(String local, Path work) {
        List<String> failed = new ArrayList<>();
        String store = work.resolve("store").toString();
        String line = "gantry run --rm --network none " + local + " /hello";
        try {
            int code = Main.run("run", "--root", store, "--rm", "--network", "none", local, "/hello");
            if (code != 126 && code != 127) {
                failed.add(line + ": exit " + code + " (126 or 127 expected: the image holds no program)");
            }
        } catch (RuntimeException e) {
            failed.add(line + ": " + e);
        }
        cli(failed, "ps", "--root", store);
        return failed;
    }

    /**
     * {@code gantry serve} in a JVM of its own: the registry's classes (Jetty's 500 and more) in the
     * cache would be loaded at every command's start, costing local commands ~70 ms, and a
     * long-running server gains nothing from a faster start.
     */
    private static Process startRegistry(Path data) throws IOException {
        return new ProcessBuilder(gantryCommand("serve", "--addr", "127.0.0.1:0", "--data", data.toString(), "--no-access-log"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void gantryProcess(List<String> failed, String... args) throws IOException, InterruptedException {
        int code = new ProcessBuilder(gantryCommand(args)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        if (code != Main.EXIT_OK) {
            failed.add("gantry " + String.join(" ", args) + ": exit " + code);
        }
    }

    /** {@code gantry ARGS} in a JVM of its own, on this JVM's class path: its classes stay out of the cache being trained. */
    private static List<String> gantryCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** host:port from the line {@code gantry serve} prints once it listens. */
    private static String awaitAddress(Process registry) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(registry.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                Thread.ofVirtual().start(() -> drain(lines)); // a full pipe must never block the server
                return ready.group(1);
            }
        }
        throw new IOException("gantry serve stopped before it listened");
    }

    private static void drain(BufferedReader lines) {
        try {
            while (lines.readLine() != null) {
                // discarded: the server's messages are of no use to the training
            }
        } catch (IOException ended) {
            // the server was stopped
        }
    }

    private static String[] concat(String[] head, String[] options, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(options));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    /** A command as the launcher would run it; what it prints does not matter here, only what it loaded and that it worked. */
    private static void cli(List<String> failed, String... args) {
        String line = "gantry " + String.join(" ", args);
        try {
            StartupWarmup.start(args); // as Main.main does, so its classes are in the cache too
            int code = Main.run(args);
            if (code != Main.EXIT_OK) {
                failed.add(line + ": exit " + code);
            }
        } catch (RuntimeException e) {
            failed.add(line + ": " + e);
        }
    }
}
