package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.registry.client.auth.DockerConfigCredentials;
import dev.gantry.registry.client.auth.DockerConfigFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "logout", description = "Remove a registry's stored credentials from the Docker config file.")
public final class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "registry host[:port]")
    String host;

    @Option(names = "--authfile", paramLabel = "FILE", description = "the file to edit (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)")
    Path authFile;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    /** What --json prints. */
    record Result(String registry, String authFile, boolean removed) {
    }

    @Override
    public Integer call() throws Exception {
        String h = host.startsWith("docker://") ? host.substring("docker://".length()) : host;
        Path file = authFile != null ? authFile : DockerConfigCredentials.defaultFile();
        boolean removed = new DockerConfigFile(file).erase(h);
        if (json) {
            Output.json(spec.commandLine().getOut(), new Result(h, file.toString(), removed));
            return 0;
        }
        spec.commandLine().getOut().println(removed ? "removed the credentials for " + h + " from " + file
                : "no credentials for " + h + " in " + file);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
