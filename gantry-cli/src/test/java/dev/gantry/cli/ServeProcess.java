package dev.gantry.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * `gantry serve` in its own JVM (this test class path, `dev.gantry.cli.Main`), as a user runs it:
 * ready once it prints where it serves; {@link #terminate()} sends SIGTERM and waits for the exit.
 * Its output (access log and messages) is collected line by line so the process never blocks.
 */
final class ServeProcess implements AutoCloseable {
    private static final String READY = "gantry: serving the registry API on ";

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private ServeProcess(Process process) {
        this.process = process;
    }

    /** A free 127.0.0.1 port for --addr. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static ServeProcess start(Path workDir, String... serveArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        command.addAll(List.of(serveArgs));
        ServeProcess serve = new ServeProcess(new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(serve.process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    serve.output.add(line);
                    if (line.startsWith(READY)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process is gone; the exit code tells the test
            }
            ready.completeExceptionally(new AssertionError("gantry serve exited before it was ready:\n" + String.join("\n", serve.output)));
        }, "serve-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            serve.close();
            throw e;
        }
        return serve;
    }

    /** SIGTERM, then the exit code (143 after a clean shutdown-hook stop); fails when it does not exit within 30 s. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("gantry serve did not stop within 30 s of SIGTERM:\n" + String.join("\n", output));
        }
        return process.exitValue();
    }

    /** kill -9: no shutdown hook, no graceful stop; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("gantry serve did not die within 30 s of SIGKILL");
        }
    }

    List<String> output() {
        return List.copyOf(output);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
