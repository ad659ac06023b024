package dev.gantry.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code gantry index VERB}: multi-platform index verbs. Alone, it prints its usage and exits 2. */
@Command(name = "index", description = "Assemble multi-platform indexes.", subcommands = {IndexCreateCommand.class})
public final class IndexGroupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
