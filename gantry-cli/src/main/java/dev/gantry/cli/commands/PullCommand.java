package dev.gantry.cli.commands;

import dev.gantry.ref.Reference;
import dev.gantry.transport.TransportRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "pull",
        description = {"Copy an image from a registry to a local location. A DEST without a transport prefix is an OCI "
                + "layout directory; without :TAG the image is tagged with the reference's tag. Without DEST, the image "
                + "goes into Gantry's image cache, one OCI layout ($XDG_CACHE_HOME/gantry/images, else "
                + "~/.cache/gantry/images) named by the full reference, where blobs are shared and never fetched twice."})
public final class PullCommand extends TransferCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "registry reference: [docker://]HOST/REPO[:TAG|@DIGEST]")
    String ref;

    @Parameters(index = "1", paramLabel = "DEST", arity = "0..1",
            description = "oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG] or DIR (default: the image cache)")
    String dest;

    @Override
    public Integer call() throws Exception {
        Reference reference = RemoteOptionsMixin.registryReference(ref);
        return transfer(new TransportRef(TransportRef.Kind.REGISTRY, null, null, reference), TransportRef.parse(localDest(reference)));
    }

    private String localDest(Reference reference) {
        if (dest == null) {
            return "oci:" + cacheLayout() + ":" + reference.repository() + ":" + tagOf(reference);
        }
        for (TransportRef.Kind kind : TransportRef.Kind.values()) {
            if (kind != TransportRef.Kind.REGISTRY && dest.startsWith(kind.prefix() + ":")) {
                return dest;
            }
        }
        return "oci:" + dest + (dest.contains(":") ? "" : ":" + tagOf(reference));
    }

    private static String tagOf(Reference reference) {
        return reference.tag() != null ? reference.tag() : reference.digest() != null
                ? reference.digest().algorithm().id() + "-" + reference.digest().hex() : Reference.DEFAULT_TAG;
    }

    /** The shared layout of pulled images ({@code -Dgantry.image.cache=DIR} overrides it). */
    static java.nio.file.Path cacheLayout() {
        String configured = System.getProperty("gantry.image.cache");
        if (configured != null && !configured.isEmpty()) {
            return java.nio.file.Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        java.nio.file.Path base = xdg != null && !xdg.isEmpty() ? java.nio.file.Path.of(xdg)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gantry").resolve("images");
    }
}
