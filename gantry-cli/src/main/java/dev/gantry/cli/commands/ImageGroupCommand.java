package dev.gantry.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code gantry image VERB}: image assembly verbs. Alone, it prints its usage and exits 2. */
@Command(name = "image", description = "Assemble images without a daemon.",
        subcommands = {ImageCreateCommand.class})
public final class ImageGroupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
