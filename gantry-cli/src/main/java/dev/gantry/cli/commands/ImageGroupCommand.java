package dev.gantry.cli.commands;

import picocli.CommandLine.Command;

/** {@code gantry image VERB}: image assembly verbs. */
@Command(name = "image", description = "Assemble images without a daemon.", subcommands = {ImageCreateCommand.class})
public final class ImageGroupCommand extends GroupCommand {
}
