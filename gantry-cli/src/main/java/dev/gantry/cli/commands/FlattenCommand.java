package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.image.Image;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.flatten.ImageFlattener;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;

@Command(name = "flatten",
        description = {"Write SRC as a one-layer image to DST: the merged filesystem as one gzip layer, the config "
                + "kept except rootfs.diff_ids (the new layer) and history (one entry naming SRC's digest). "
                + "Deterministic: the same SRC flattens to the same digest.",
                "DST is any writable location: oci:DIR:TAG, oci-archive:FILE:TAG, docker-archive:FILE:NAME:TAG."})
public final class FlattenCommand extends ImageCommand {
    @Parameters(index = "1", paramLabel = "DST", description = "destination image location")
    String dst;

    @Option(names = "--tmp", paramLabel = "DIR", description = "where the temporary tree and layer go (default: the system temp dir)")
    Path tmp;

    @Option(names = "--level", paramLabel = "1-9", description = "gzip level of the new layer (default: ${DEFAULT-VALUE}; 1 is ~3x faster, larger)")
    int level = ImageFlattener.DEFAULT_LEVEL;

    @Mixin
    ExpansionLimitMixin expansion;

    record Result(String source, String sourceDigest, String destination, String digest, String layer, long layerSize,
                  String diffId, int sourceLayers) {
    }

    @Override
    public Integer call() throws Exception {
        Warnings warnings = new Warnings(w -> {
            err().println("warning: " + w);
            err().flush();
        });
        TransportRef to = TransportRef.parse(dst);
        Result result;
        try (ImageSource source = openSource(); ImageTarget target = Transports.openTarget(to, null)) {
            Image image = openImage(source);
            ImageFlattener.Result done = new ImageFlattener(expansion.limits(), warnings, level)
                    .flatten(image, target, tmp != null ? tmp : Path.of(System.getProperty("java.io.tmpdir")));
            result = new Result(source.describe(), image.descriptor().digest().toString(), to.toString(),
                    done.manifest().digest().toString(), done.layer().digest().toString(), done.layer().size(),
                    done.diffId().toString(), done.source().layers());
        }
        if (json) {
            Output.json(out(), result);
        } else {
            out().printf(Locale.ROOT, "%s -> %s%n%s  (%d layer(s) -> 1 layer of %s)%n", result.source(), result.destination(),
                    result.digest(), result.sourceLayers(), Sizes.human(result.layerSize()));
            out().flush();
        }
        return 0;
    }
}
