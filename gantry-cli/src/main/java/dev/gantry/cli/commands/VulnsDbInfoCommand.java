package dev.gantry.cli.commands;

import dev.gantry.vulns.db.AdvisoryDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code gantry vulns db info}. */
@Command(name = "info", description = "Say where the advisory database is, when and from what it was built.")
public final class VulnsDbInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VulnsDbOptions options;

    @Override
    public Integer call() throws Exception {
        try (AdvisoryDb db = AdvisoryDb.open(options.file())) {
            options.print(spec.commandLine().getOut(), db.info());
        }
        return 0;
    }
}
