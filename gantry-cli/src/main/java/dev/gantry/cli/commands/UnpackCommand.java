package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.repack.RootfsSnapshot;
import dev.gantry.runtime.repack.UnpackRecord;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

@Command(name = "unpack",
        description = {"Unpack an image's merged root filesystem into a new or empty directory, applying layers in "
                + "order with overlay semantics (whiteouts, opaque directories). Layers are checked against their "
                + "digests and diff_ids; nothing is ever written outside DIR; a failure leaves no DIR behind.",
                "Owners and device nodes need root; otherwise they are skipped with a warning.",
                "Beside DIR, DIR.gantry-unpack.json records the image and how each path looked, for `gantry repack DIR`."})
public final class UnpackCommand extends ImageCommand {
    @Parameters(index = "1", paramLabel = "DIR", description = "directory to create (must not exist, or be empty)")
    Path dir;

    @Mixin
    ExpansionLimitMixin expansion;

    record Result(String source, String digest, String directory, int layers, long entries, long bytes, List<String> warnings) {
    }

    @Override
    public Integer call() throws Exception {
        Warnings warnings = new Warnings(json ? null : w -> {
            err().println("warning: " + w);
            err().flush();
        });
        ImageUnpacker.Result done;
        String digest;
        String described;
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            digest = image.descriptor().digest().toString();
            described = source.describe();
            done = new ImageUnpacker(expansion.limits(), warnings).unpack(image, dir);
        }
        // For `gantry repack`: which image this was, and every path's lstat as unpacked (beside DIR, not in it).
        new UnpackRecord(RepackCommand.absolute(TransportRef.parse(ref)), platform, Digest.parse(digest),
                RootfsSnapshot.take(done.directory())).write(done.directory());
        Result result = new Result(described, digest, done.directory().toString(), done.layers(), done.entries(), done.bytes(),
                done.warnings());
        if (json) {
            Output.json(out(), result);
        } else {
            out().printf(Locale.ROOT, "%s -> %s%n%d layer(s), %d entries, %s of files%n", result.source(), result.directory(),
                    result.layers(), result.entries(), Sizes.human(result.bytes()));
            for (String w : result.warnings()) {
                out().println("warning: " + w);
            }
            out().flush();
        }
        return 0;
    }
}
