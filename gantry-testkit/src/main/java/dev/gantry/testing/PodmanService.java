package dev.gantry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code podman system service --time=0 unix://DIR/podman.sock}: the Docker Engine API on a unix
 * socket, served by podman over its own throwaway store ({@code --root}/{@code --runroot} under the
 * test's directory, vfs driver, as PEERS.md says works here), the real counterpart of a
 * {@code docker-daemon:} transport. Skips (or fails, under {@link PeerRequirement#SWITCH}) naming
 * the package when podman is missing or cannot run; {@link #close()} stops the service.
 */
public final class PodmanService implements AutoCloseable {
    private final Process process;
    private final Path home;
    private final Path socket;

    private PodmanService(Process process, Path home, Path socket) {
        this.process = process;
        this.home = home;
        this.socket = socket;
    }

    /** Starts the service with its store under {@code home} and waits until it answers {@code GET /_ping}. */
    public static PodmanService start(Path home) throws IOException {
        PeerTools.assumeInstalled("podman");
        Files.createDirectories(home);
        Path socket = home.resolve("podman.sock");
        List<String> command = podman(home, "system", "service", "--time=0", "unix://" + socket);
        Path log = home.resolve("service.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PodmanService service = new PodmanService(process, home, socket);
        service.awaitReady(log);
        return service;
    }

    /** podman's command line over this service's store, so a test can look at what the API did. */
    private static List<String> podman(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of("podman", "--root", home.resolve("root").toString(),
                "--runroot", home.resolve("run").toString(), "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
                "--events-backend", "file"));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code podman ARGS} against this service's store; fails unless it exits 0. */
    public PeerTools.Result podman(String... args) {
        return PeerTools.run(Duration.ofMinutes(3), home, podman(home, args));
    }

    /** {@return the socket, as {@code DOCKER_HOST} names it: {@code unix:///...}} */
    public String dockerHost() {
        return "unix://" + socket;
    }

    /** {@return the socket's path} */
    public Path socket() {
        return socket;
    }

    private void awaitReady(Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                PeerRequirement.require(false, "podman system service cannot run on this machine: " + Files.readString(log).strip());
            }
            if (Files.exists(socket) && pings()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException(e);
            }
        }
        close();
        throw new IllegalStateException("podman system service did not answer on " + socket + " within 60 s: "
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    private boolean pings() {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write("GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = Channels.newInputStream(channel);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Stops the service (SIGTERM, then SIGKILL after 10 s); its store stays for the test's directory clean-up. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
