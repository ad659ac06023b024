package dev.gantry.cli.commands;

import dev.gantry.build.IndexAssembler;
import dev.gantry.cli.output.Output;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "create",
        description = "Write one multi-platform index to -o DEST over the single-platform images IMG...: each image is "
                + "copied and listed with the platform its config declares; two images of one platform are refused.")
public final class IndexCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMG", arity = "1..*", description = "single-platform images")
    List<String> images;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DEST", description = "where the index goes")
    String output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "oci (an OCI index) or docker (a manifest list); default: the destination's")
    String format;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    record Entry(String source, String digest, String platform) {
    }

    record Result(String destination, String digest, String mediaType, List<Entry> manifests) {
    }

    @Override
    public Integer call() throws Exception {
        TransportRef to = TransportRef.parse(output);
        List<ImageSource> sources = new ArrayList<>();
        IndexAssembler.Result written;
        try (ImageTarget target = Transports.openTarget(to, TransferCommand.parseFormat(format), remote.options())) {
            for (String image : images) {
                sources.add(Transports.openSource(TransportRef.parse(image), remote.options()));
            }
            written = new IndexAssembler().assemble(sources, target);
        } finally {
            for (ImageSource source : sources) {
                source.close();
            }
        }
        Result result = new Result(to.toString(), written.index().digest().toString(), written.index().mediaType(),
                written.entries().stream().map(e -> new Entry(e.source(), e.manifest().digest().toString(),
                        e.platform().toString())).toList());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, result);
        } else {
            out.printf(Locale.ROOT, "%s%n%s%n", result.destination(), result.digest());
            result.manifests().forEach(m -> out.printf(Locale.ROOT, "  %-16s %s  %s%n", m.platform(), m.digest(), m.source()));
            out.flush();
        }
        return 0;
    }
}
