package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.error.InvalidInputException;
import dev.gantry.registry.client.RegistrySession;
import dev.gantry.registry.client.RegistryTransportProvider;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.registry.client.auth.Credentials;
import dev.gantry.registry.client.auth.DockerConfigCredentials;
import dev.gantry.registry.client.auth.DockerConfigFile;
import dev.gantry.registry.client.http.RetryPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "login", description = {"Check credentials against a registry and store them in the Docker config file "
        + "(as docker login does), for every later command."})
public final class LoginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "registry host[:port]")
    String host;

    @Option(names = {"-u", "--username"}, required = true, description = "user name")
    String username;

    @Option(names = {"-p", "--password"}, description = "password (visible to other users of this machine: prefer --password-stdin)")
    String password;

    @Option(names = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Option(names = "--insecure", description = "allow plain http and unverified TLS (https is tried first)")
    boolean insecure;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "CA certificates (PEM) to trust, besides the system ones and /etc/docker/certs.d/HOST/*.crt")
    Path caFile;

    @Option(names = "--authfile", paramLabel = "FILE", description = "the file to write (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)")
    Path authFile;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    /** What --json prints; never the secret. */
    record Result(String registry, String username, String authFile, boolean credentialsRequired) {
    }

    @Override
    public Integer call() throws Exception {
        if ((password == null) == !passwordStdin) {
            throw new InvalidInputException("give the password with exactly one of --password-stdin or --password");
        }
        String secret = password != null ? password
                : Optional.ofNullable(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine()).orElse("");
        if (secret.isEmpty()) {
            throw new InvalidInputException("empty password");
        }
        String h = host.startsWith("docker://") ? host.substring("docker://".length()) : host;
        Credentials credentials = Credentials.basic(username, secret);
        RegistrySession session = RegistrySession.open(h, insecure,
                RegistryTransportProvider.caFiles(h, new RemoteOptions(insecure, null, caFile)), x -> Optional.of(credentials), RetryPolicy.DEFAULT);
        boolean needed = session.checkCredentials();
        Path file = authFile != null ? authFile : DockerConfigCredentials.defaultFile();
        new DockerConfigFile(file).store(h, credentials);
        if (json) {
            Output.json(spec.commandLine().getOut(), new Result(h, username, file.toString(), needed));
            return 0;
        }
        spec.commandLine().getOut().println("logged in to " + h + " as " + username + " (saved in " + file + ")"
                + (needed ? "" : "; note: this registry asks for no credentials"));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
