package dev.gantry.cli.commands;

import picocli.CommandLine.Command;

/** {@code gantry index VERB}: multi-platform index verbs. */
@Command(name = "index", description = "Assemble multi-platform indexes.", subcommands = {IndexCreateCommand.class})
public final class IndexGroupCommand extends GroupCommand {
}
