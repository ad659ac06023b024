package dev.gantry.cli.commands;

import dev.gantry.analysis.index.FileIndex;
import dev.gantry.analysis.index.IndexOptions;
import dev.gantry.analysis.walk.HostileEntry;
import dev.gantry.image.Image;
import picocli.CommandLine.Mixin;

import java.io.IOException;

/** A command that reads every layer of one image into a {@link FileIndex} (tree, blame, efficiency). */
abstract class IndexCommand extends ImageCommand {
    @Mixin
    ExpansionLimitMixin expansion;

    /** Streams every layer once; entries with climbing names are skipped and named on stderr. */
    FileIndex index(Image image, boolean hashContent) throws IOException {
        FileIndex index = FileIndex.build(image, new IndexOptions(hashContent, expansion.limits()));
        for (HostileEntry h : index.hostile()) {
            err().println("gantry: warning: skipped " + h.describe());
        }
        err().flush();
        return index;
    }

    /** The layer index a --layer option names (negative counts from the top, as -1 = the last), checked. */
    int layerIndex(Integer option, FileIndex index) {
        int count = index.layers().size();
        int n = option == null ? count - 1 : option < 0 ? count + option : option;
        if (n < 0 || n >= count) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--layer " + option + " is out of range: the image has " + count + " layer(s), 0 to " + (count - 1));
        }
        return n;
    }
}
