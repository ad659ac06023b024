package dev.gantry.cli.commands;

import dev.gantry.build.ImageAssembler;
import dev.gantry.build.LayerSource;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.PlatformSelector;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "create",
        description = {"Build an image from local directories without a daemon or a Containerfile: one layer per --layer, "
                + "on --from's image or on scratch, with the config flags applied.",
                "Reproducible: entries sorted, every mtime SOURCE_DATE_EPOCH (else 1970-01-01), owners 0:0 (or --chown), "
                        + "modes 0755 for directories and executables and 0644 for other files; the same inputs give the same digest."})
public final class ImageCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "REF|scratch", description = "base image (default: ${DEFAULT-VALUE})")
    String from = "scratch";

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "platform of a scratch image, or the one to pick from --from's index (default: this machine's)")
    String platform;

    @Option(names = "--layer", paramLabel = "DIR:/DEST", description = "a directory (or file) and where it goes in the image (repeatable)")
    List<String> layers = new ArrayList<>();

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Mixin
    ConfigFlagsMixin config;

    @Mixin
    AssemblyOptionsMixin assembly;

    @Mixin
    RemoteOptionsMixin remote;

    @Override
    public Integer call() throws Exception {
        Platform wanted = platform == null ? null : Platform.parse(platform);
        ImageAssembler.Plan plan = new ImageAssembler.Plan(layers.stream().map(LayerSource::parse).toList(), config.edits(),
                Map.of(), true);
        if (from.equals("scratch")) {
            assembly.assemble(Mutate.empty(wanted != null ? wanted : Platform.host()), plan, "gantry image create",
                    remote.options(), spec.commandLine().getOut(), spec.commandLine().getErr(), json);
            return 0;
        }
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), remote.options())) {
            Image base = PlatformSelector.select(Images.open(source), wanted);
            assembly.assemble(base, plan, "gantry image create", remote.options(), spec.commandLine().getOut(),
                    spec.commandLine().getErr(), json);
        }
        return 0;
    }
}
