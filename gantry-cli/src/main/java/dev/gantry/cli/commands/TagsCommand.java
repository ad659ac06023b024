package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.ref.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tags", description = "List a registry repository's tags (every page).")
public final class TagsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPO", description = "[docker://]HOST/REPO")
    String repo;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    @Override
    public Integer call() throws Exception {
        Reference reference = RemoteOptionsMixin.registryReference(repo);
        List<String> tags = remote.client(reference).tags();
        Output.names(spec.commandLine().getOut(), tags, json);
        return 0;
    }
}
