package dev.gantry.cli.commands;

import dev.gantry.ref.Reference;
import dev.gantry.store.ImageStore;
import dev.gantry.store.StoreRoot;
import dev.gantry.transport.TransportRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.channels.FileLock;
import java.nio.file.Path;

@Command(name = "pull",
        description = {"Copy an image from a registry to a local location. A DEST without a transport prefix is an OCI "
                + "layout directory; without :TAG the image is tagged with the reference's tag. Without DEST, the image "
                + "goes into Gantry's store (the one run, build and images use; --root), named by its full reference, "
                + "where blobs are shared and never fetched twice."})
public final class PullCommand extends TransferCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "registry reference: [docker://]HOST/REPO[:TAG|@DIGEST]")
    String ref;

    @Parameters(index = "1", paramLabel = "DEST", arity = "0..1",
            description = "oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG] or DIR (default: Gantry's store)")
    String dest;

    @Option(names = "--root", paramLabel = "DIR",
            description = "the store pulled into without DEST (default: $GANTRY_ROOT, else $XDG_DATA_HOME/gantry, "
                    + "else ~/.local/share/gantry)")
    Path root;

    @Override
    public Integer call() throws Exception {
        Reference reference = RemoteOptionsMixin.registryReference(ref);
        TransportRef from = new TransportRef(TransportRef.Kind.REGISTRY, null, null, reference);
        if (dest != null) {
            return transfer(from, TransportRef.parse(localDest(reference)));
        }
        StoreRoot store = StoreRoot.locate(root);
        FileLock lock = store.lock();
        try {
            return transfer(from, new ImageStore(store).destinationFor(from, ref));
        } finally {
            StoreRoot.release(lock);
        }
    }

    private String localDest(Reference reference) {
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
}
