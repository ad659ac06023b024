package dev.gantry.cli.commands;

import dev.gantry.error.InvalidInputException;
import dev.gantry.ref.Reference;
import dev.gantry.registry.client.RegistryClient;
import dev.gantry.registry.client.RegistryTransportProvider;
import dev.gantry.transport.RemoteCredentials;
import dev.gantry.transport.RemoteOptions;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;

/** {@code --insecure}, {@code --authfile}, {@code --ca-file} and {@code --creds}, for every command that may talk to a registry. */
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

    @Option(names = "--creds", paramLabel = "USER[:PASS]",
            description = "credentials for the registry, instead of the credentials file (as skopeo's --creds; other users "
                    + "of this machine can see a command line: without :PASS the password is asked on the terminal)")
    String creds;

    RemoteOptions options() {
        return new RemoteOptions(insecure, authFile, caFile, credentials(creds, "--creds"));
    }

    /**
     * {@code USER[:PASS]} split at the first ':' as skopeo does (a password may hold colons); without
     * a password it is read from the terminal, never echoed. Null for null.
     */
    static RemoteCredentials credentials(String text, String flag) {
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        String user = colon < 0 ? text : text.substring(0, colon);
        if (user.isEmpty()) {
            throw new InvalidInputException(flag + " needs a user name: " + flag + " USER[:PASSWORD]");
        }
        if (colon >= 0) {
            return new RemoteCredentials(user, text.substring(colon + 1));
        }
        Console console = System.console();
        if (console == null) {
            throw new InvalidInputException(flag + " " + user + " has no password, and there is no terminal to ask for it on: "
                    + "give " + flag + " USER:PASSWORD");
        }
        char[] password = console.readPassword("Password for %s: ", user);
        if (password == null) {
            throw new InvalidInputException("no password given for " + user);
        }
        return new RemoteCredentials(user, new String(password));
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
