package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.image.Artifact;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;

import java.util.Map;

@Command(name = "digest", description = "Print the digest of the manifest (or index) the reference names.")
public final class DigestCommand extends ImageCommand {
    @Override
    public Integer call() throws Exception {
        try (ImageSource source = openSource()) {
            Artifact artifact = platform == null ? null : openArtifact(source);
            String digest = (artifact == null ? source.root().digest() : artifact.descriptor().digest()).toString();
            if (json) {
                Output.json(out(), Map.of("digest", digest));
            } else {
                out().println(digest);
                out().flush();
            }
        }
        return 0;
    }
}
