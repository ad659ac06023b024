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
 */
public record DockerCertsDirectory(Path root) {
    public static final DockerCertsDirectory DEFAULT = new DockerCertsDirectory(Path.of("/etc/docker/certs.d"));

    /** The CA files for {@code host} (as written in references, with its port), sorted; none when the directory is absent. */
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
