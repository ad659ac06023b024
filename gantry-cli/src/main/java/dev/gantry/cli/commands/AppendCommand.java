package dev.gantry.cli.commands;

import dev.gantry.build.ImageAssembler;
import dev.gantry.build.LayerSource;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

@Command(name = "append",
        description = {"Write a copy of REF to -o DEST with layer tarballs added on top, byte for byte (as crane append): "
                + "each TARBALL (tar, tar.gz or tar.zst) becomes one layer, its diff_id added to the config and a "
                + "history entry naming it.",
                "Each tarball is read once first: it must be a tar whose entry names stay inside the root."})
public final class AppendCommand extends ImageCommand {
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARBALL", description = "layer tarball(s), bottom first")
    List<Path> tarballs;

    @Mixin
    AssemblyOptionsMixin assembly;

    @Override
    public Integer call() throws Exception {
        ImageAssembler.Plan plan = new ImageAssembler.Plan(tarballs.stream().map(LayerSource::tarball).toList(), List.of(),
                Map.of(), false);
        try (ImageSource source = openSource()) {
            assembly.assemble(openImage(source), plan, "gantry append", remote.options(), out(), err(), json);
        }
        return 0;
    }
}
