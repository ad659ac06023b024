package dev.gantry.registry.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Docker's per-registry CA directory, as docker and crane read it: every {@code *.crt} file in
 * {@code /etc/docker/certs.d/HOST[:PORT]/} is a CA trusted for that registry (client
 * certificates, {@code *.cert}/{@code *.key}, are not read).
 *
 * @param root the directory holding one subdirectory per registry host
 */
public record DockerCertsDirectory(Path root) {
    /** {@code /etc/docker/certs.d}, which {@link RegistryTransportProvider#caFiles} consults for every host. */
    public static final DockerCertsDirectory DEFAULT = new DockerCertsDirectory(Path.of("/etc/docker/certs.d"));

    /**
     * The CA files trusted for one registry, in addition to the JDK's own CAs.
     *
     * @param host the registry as written in references, with its port ({@code localhost:5000}); a host containing
     *             {@code /} or {@code ..} has none, so it cannot name a directory outside {@link #root()}
     * @return the regular {@code *.crt} files in {@code root/host/}, sorted; empty when that directory is absent
     * @throws IOException when the directory exists but cannot be listed
     */
    public List<Path> caFiles(String host) throws IOException {
        Path dir = root.resolve(host);
        if (host.contains("/") || host.contains("..") || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".crt") && Files.isRegularFile(f)).sorted().toList();
        }
    }
}
