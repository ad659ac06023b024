package dev.gantry.cli.commands;

import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.PlatformSelector;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command that reads one image location: the REF argument, --platform and --json. */
abstract class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "image location, e.g. oci:DIR:TAG or docker-archive:FILE")
    String ref;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "platform to pick from a multi-platform index (default: this machine's)")
    String platform;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @picocli.CommandLine.Mixin
    RemoteOptionsMixin remote;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    ImageSource openSource() throws IOException {
        return Transports.openSource(TransportRef.parse(ref), remote.options());
    }

    Platform requestedPlatform() {
        return platform == null ? null : Platform.parse(platform);
    }

    /** The root when it is an image or an index with no --platform asked; the platform's image otherwise. */
    Artifact openArtifact(ImageSource source) throws IOException {
        Artifact root = Images.open(source);
        return platform == null ? root : PlatformSelector.select(root, requestedPlatform());
    }

    /** Always one image: an index is resolved to --platform or this machine's platform. */
    Image openImage(ImageSource source) throws IOException {
        return PlatformSelector.select(Images.open(source), requestedPlatform());
    }
}
