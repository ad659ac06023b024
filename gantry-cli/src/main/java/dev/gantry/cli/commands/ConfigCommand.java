package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.image.Image;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;

@Command(name = "config", description = "Print the image config exactly as stored (--json pretty-prints it).")
public final class ConfigCommand extends ImageCommand {
    @Override
    public Integer call() throws Exception {
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            byte[] raw = image.rawConfig();
            if (json) {
                Output.prettyDocument(out(), raw, "config");
            } else {
                Output.raw(raw);
            }
        }
        return 0;
    }
}
