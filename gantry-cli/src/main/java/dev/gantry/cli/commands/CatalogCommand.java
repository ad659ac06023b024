package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.registry.client.RegistryClient;
import dev.gantry.registry.client.RegistryTransportProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "catalog", description = "List the repositories of a registry (every page; many public registries refuse this).")
public final class CatalogCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "registry host[:port]")
    String host;

    @Option(names = "--page-size", paramLabel = "N", description = "repositories asked for per request (default: the registry's)")
    Integer pageSize;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    @Override
    public Integer call() throws Exception {
        String h = host.startsWith("docker://") ? host.substring("docker://".length()) : host;
        List<String> repos = RegistryClient.catalog(RegistryTransportProvider.session(h.replaceAll("/+$", ""), remote.options()), pageSize);
        Output.names(spec.commandLine().getOut(), repos, json);
        return 0;
    }
}
