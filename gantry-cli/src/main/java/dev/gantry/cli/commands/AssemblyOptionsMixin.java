package dev.gantry.cli.commands;

import dev.gantry.build.ImageAssembler;
import dev.gantry.build.Reproducibility;
import dev.gantry.cli.output.Output;
import dev.gantry.copy.ImageWriter;
import dev.gantry.image.Image;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** Where {@code image create} and {@code mutate} write, and how their layers are made. */
public final class AssemblyOptionsMixin {
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DEST",
            description = "where the image goes: oci:DIR:TAG, oci-archive:FILE:TAG, docker-archive:FILE:NAME:TAG, a registry")
    String output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "manifest format: oci, docker (default: the destination's)")
    String format;

    @Option(names = "--chown", paramLabel = "UID[:GID]", description = "owner of every new layer entry (default: 0:0)")
    String chown;

    @Option(names = "--level", paramLabel = "1-9", description = "gzip level of new layers (default: ${DEFAULT-VALUE})")
    int level = LayerCompression.DEFAULT_GZIP_LEVEL;

    @Option(names = "--tmp", paramLabel = "DIR", description = "where layers are staged (default: the system temp dir)")
    Path tmp;

    record Result(String destination, String digest, String mediaType, String config, int newLayers) {
    }

    /** Builds and writes the image; prints DEST and its digest, or the JSON result. */
    void assemble(Image base, ImageAssembler.Plan plan, String tool, RemoteOptions remote, PrintWriter out,
                  PrintWriter err, boolean json) throws IOException {
        Warnings warnings = new Warnings(json ? null : w -> {
            err.println("warning: " + w);
            err.flush();
        });
        Reproducibility reproducibility = Reproducibility.fromEnvironment(System.getenv()).withOwner(chown);
        TransportRef to = TransportRef.parse(output);
        ImageWriter.Written written;
        try (ImageTarget target = Transports.openTarget(to, TransferCommand.parseFormat(format), remote)) {
            written = new ImageAssembler(LayerCompression.gzip(level), reproducibility, warnings,
                    tmp != null ? tmp : Path.of(System.getProperty("java.io.tmpdir")))
                    .assemble(base, plan, tool, target);
        }
        Result result = new Result(to.toString(), written.manifest().digest().toString(), written.manifest().mediaType(),
                written.config().digest().toString(), plan.layers().size());
        if (json) {
            Output.json(out, result);
        } else {
            out.printf(Locale.ROOT, "%s%n%s  (%d new layer(s))%n", result.destination(), result.digest(), result.newLayers());
            out.flush();
        }
    }
}
