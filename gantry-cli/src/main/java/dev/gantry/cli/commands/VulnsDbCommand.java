package dev.gantry.cli.commands;

import picocli.CommandLine.Command;

/** {@code gantry vulns db VERB}: the local advisory database. */
@Command(name = "db", description = "Build and inspect the local advisory database.",
        subcommands = {VulnsDbImportCommand.class, VulnsDbUpdateCommand.class, VulnsDbInfoCommand.class})
public final class VulnsDbCommand extends GroupCommand {
}
