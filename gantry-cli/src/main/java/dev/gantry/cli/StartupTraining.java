package dev.gantry.cli;

import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.ContainerRunner;
import dev.gantry.runtime.container.ContainerSpec;
import dev.gantry.runtime.store.StoreRoot;
import dev.gantry.transport.RemoteOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind Gantry's start-up cache (scripts/aot-cache.sh, JDK 25+): one JVM that
 * does what users' first commands do, so that the JDK's AOT cache holds those classes loaded and
 * linked, and their early method profiles. A cache trained on a local {@code inspect} alone left
 * a remote command loading some 1,700 classes (HTTP client, TLS, auth) from the jars at every
 * start: 1.2 s for {@code gantry manifest} of a loopback registry, against 0.06 s for skopeo.
 *
 * <p>Everything happens in a temporary directory and on a loopback registry this process serves
 * itself: no network, no user credentials (an empty auth file), no container process (the
 * container is created with a copied rootfs and removed, never started).
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    /** {@code args[0]}: an OCI layout holding a small image tagged {@code training}. */
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("gantry-training");
        try {
            for (String failed : train("oci:" + Path.of(args[0]).toAbsolutePath() + ":training", work)) {
                System.err.println("training: " + failed);
            }
        } finally {
            Trees.deleteRecursively(work);
        }
        System.exit(0); // the registry's and HTTP client's threads are not waited for
    }

    /**
     * Runs the training on image {@code local} (a local location) inside {@code work}; returns the
     * steps that failed. A failed step only leaves its classes out of the cache, so the launcher
     * keeps whatever was trained; the tests require none to fail.
     */
    static List<String> train(String local, Path work) throws Exception {
        List<String> failed = new ArrayList<>();
        Path auth = work.resolve("auth.json");
        Files.writeString(auth, "{\"auths\":{}}");
        String store = work.resolve("store").toString();
        cli(failed, "inspect", local);
        cli(failed, "run", "--help");
        RegistryConfig config = RegistryConfig.defaults().withAddress("127.0.0.1", 0)
                .withDataDir(work.resolve("registry")).withAccessLog(false);
        try (RegistryServer server = new RegistryServer(config, new PrintStream(OutputStream.nullOutputStream())).start()) {
            String remote = "127.0.0.1:" + server.port() + "/training/image:v1";
            String[] remoteOptions = {"--insecure", "--authfile", auth.toString()};
            cli(failed, concat(new String[]{"push", "-q"}, remoteOptions, local, remote));
            cli(failed, concat(new String[]{"manifest"}, remoteOptions, remote));
            cli(failed, concat(new String[]{"inspect"}, remoteOptions, remote));
            cli(failed, concat(new String[]{"pull", "-q"}, remoteOptions, remote, "oci:" + work.resolve("pulled") + ":v1"));
        }
        // What `gantry run` does before it starts runc (image into the store, rootfs, config.json), then `ps`/`images`.
        try {
            ContainerRunner runner = new ContainerRunner(StoreRoot.locate(Path.of(store)), RemoteOptions.defaults(), notice -> { }, false);
            Container container = runner.create(ContainerSpec.of(local, "/hello"));
            cli(failed, "ps", "--root", store);
            cli(failed, "images", "--root", store);
            runner.remove(container, true);
        } catch (IOException | RuntimeException e) {
            failed.add("container create/remove: " + e);
        }
        return failed;
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
            int code = Main.run(args);
            if (code != Main.EXIT_OK) {
                failed.add(line + ": exit " + code);
            }
        } catch (RuntimeException e) {
            failed.add(line + ": " + e);
        }
    }
}
