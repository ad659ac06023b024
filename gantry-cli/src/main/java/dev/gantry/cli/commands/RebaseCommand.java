package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.copy.ImageWriter;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.PlatformSelector;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

@Command(name = "rebase",
        description = {"Write REF to -o DEST moved from its old base onto a new one, as crane rebase: the layers REF has "
                + "above the old base's go over the new base's, with their history; the rest of REF's config is kept, "
                + "the platform is the new base's. Nothing is rebuilt, so this is only right when the layers above do not "
                + "depend on what changed in the base (e.g. a patched OS under an application).",
                "Without --old-base/--new-base, REF's org.opencontainers.image.base.name and base.digest annotations "
                + "name them (the old base by its digest, the new one by the name, looked up again)."})
public final class RebaseCommand extends ImageCommand {
    static final String BASE_NAME = "org.opencontainers.image.base.name";
    static final String BASE_DIGEST = "org.opencontainers.image.base.digest";

    @Option(names = "--old-base", paramLabel = "REF", description = "the image REF was built on")
    String oldBase;

    @Option(names = "--new-base", paramLabel = "REF", description = "the image to put under REF's own layers")
    String newBase;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DEST", description = "where the rebased image goes")
    String dest;

    record Result(String source, String destination, String digest, String oldBase, String newBase, int keptLayers,
                  int oldBaseLayers, int newBaseLayers) {
    }

    @Override
    public Integer call() throws Exception {
        Result result;
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            Map<String, String> annotations = image.manifest().annotations() == null ? Map.of() : image.manifest().annotations();
            String name = annotations.get(BASE_NAME);
            String oldRef = oldBase != null ? oldBase : name != null && annotations.get(BASE_DIGEST) != null
                    ? withoutTag(name) + "@" + annotations.get(BASE_DIGEST) : null;
            String newRef = newBase != null ? newBase : name;
            if (oldRef == null || newRef == null) {
                throw new InvalidInputException(ref + " does not name its base (no " + BASE_NAME + " and " + BASE_DIGEST
                        + " annotations); give --old-base and --new-base");
            }
            Platform platform = image.config().platform();
            try (ImageSource oldSource = Transports.openSource(TransportRef.parse(oldRef), remote.options());
                 ImageSource newSource = Transports.openSource(TransportRef.parse(newRef), remote.options());
                 ImageTarget target = Transports.openTarget(TransportRef.parse(dest), null, remote.options())) {
                Image old = PlatformSelector.select(Images.open(oldSource), platform);
                Image replacement = PlatformSelector.select(Images.open(newSource), platform);
                Image rebased = Mutate.rebase(image, old, replacement);
                TransportRef newLocation = TransportRef.parse(newRef);
                if (target.preferredFormat() != ManifestFormat.DOCKER && newLocation.isRemote()) {
                    // As crane does: the new base is named where it can be looked up again by the next rebase.
                    Map<String, String> base = new LinkedHashMap<>();
                    base.put(BASE_NAME, withoutTransport(newRef));
                    base.put(BASE_DIGEST, replacement.descriptor().digest().toString());
                    rebased = Mutate.withAnnotations(rebased, base);
                }
                ImageWriter.Written written = ImageWriter.writeImage(rebased, target);
                int kept = image.layers().size() - old.layers().size();
                result = new Result(source.describe(), dest, written.manifest().digest().toString(), oldRef, newRef, kept,
                        old.layers().size(), replacement.layers().size());
            }
        }
        if (json) {
            Output.json(out(), result);
        } else {
            out().printf(Locale.ROOT, "%s -> %s%n%s  (%d layer(s) of %s replaced by %d of %s; %d kept)%n", result.source(),
                    result.destination(), result.digest(), result.oldBaseLayers(), result.oldBase(), result.newBaseLayers(),
                    result.newBase(), result.keptLayers());
            out().flush();
        }
        return 0;
    }

    /** {@code host/repo:tag} -> {@code host/repo}, so a digest can follow; a port's colon stays. */
    private static String withoutTag(String name) {
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        return colon > slash ? name.substring(0, colon) : name;
    }

    private static String withoutTransport(String ref) {
        return ref.startsWith("docker://") ? ref.substring("docker://".length()) : ref;
    }
}
