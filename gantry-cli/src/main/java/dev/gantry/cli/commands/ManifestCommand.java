package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.image.Artifact;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;

@Command(name = "manifest", description = "Print the manifest (or index) exactly as stored; --platform picks an image from an index.")
public final class ManifestCommand extends ImageCommand {
    @Override
    public Integer call() throws Exception {
        try (ImageSource source = openSource()) {
            Artifact artifact = openArtifact(source);
            byte[] raw = artifact.rawManifest();
            if (json) {
                Output.prettyDocument(out(), raw, "manifest");
            } else {
                Output.raw(raw);
            }
        }
        return 0;
    }
}
