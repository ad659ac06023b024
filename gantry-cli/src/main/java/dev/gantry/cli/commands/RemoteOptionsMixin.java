package dev.gantry.cli.commands;

import dev.gantry.error.InvalidInputException;
import dev.gantry.ref.Reference;
import dev.gantry.registry.client.RegistryClient;
import dev.gantry.registry.client.RegistryTransportProvider;
import dev.gantry.transport.RemoteOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --insecure}, {@code --authfile} and {@code --ca-file}, for every command that may talk to a registry. */
public final class RemoteOptionsMixin {
    @Option(names = "--insecure", description = "allow plain http and unverified TLS for registries (for HOST:PORT plain http is "
            + "asked first, https when it does not answer as a registry; without a port, https is preferred)")
    boolean insecure;

    @Option(names = "--authfile", paramLabel = "FILE",
            description = "Docker-format credentials file (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)")
    Path authFile;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "CA certificates (PEM) to trust for registries, besides the system ones and /etc/docker/certs.d/HOST/*.crt")
    Path caFile;

    RemoteOptions options() {
        return new RemoteOptions(insecure, authFile, caFile);
    }

    /** A registry reference, with or without {@code docker://}. */
    static Reference registryReference(String text) {
        String bare = text.startsWith("docker://") ? text.substring("docker://".length()) : text;
        if (bare.contains(":/") || bare.startsWith("oci:") || bare.startsWith("oci-archive:") || bare.startsWith("docker-archive:")) {
            throw new InvalidInputException("'" + text + "' is not a registry reference; expected [docker://]HOST/REPO[:TAG|@DIGEST]");
        }
        return Reference.parse(bare);
    }

    RegistryClient client(Reference reference) throws IOException {
        return RegistryTransportProvider.client(reference, options());
    }
}
