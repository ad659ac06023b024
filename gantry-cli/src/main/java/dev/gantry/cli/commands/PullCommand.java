package dev.gantry.cli.commands;

import dev.gantry.ref.Reference;
import dev.gantry.transport.TransportRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "pull",
        description = {"Copy an image from a registry to a local location. A DEST without a transport prefix is an OCI "
                + "layout directory; without :TAG the image is tagged with the reference's tag."})
public final class PullCommand extends TransferCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "registry reference: [docker://]HOST/REPO[:TAG|@DIGEST]")
    String ref;

    @Parameters(index = "1", paramLabel = "DEST", description = "oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG] or DIR")
    String dest;

    @Override
    public Integer call() throws Exception {
        Reference reference = RemoteOptionsMixin.registryReference(ref);
        return transfer(new TransportRef(TransportRef.Kind.REGISTRY, null, null, reference), TransportRef.parse(localDest(reference)));
    }

    private String localDest(Reference reference) {
        for (TransportRef.Kind kind : TransportRef.Kind.values()) {
            if (kind != TransportRef.Kind.REGISTRY && dest.startsWith(kind.prefix() + ":")) {
                return dest;
            }
        }
        String tag = reference.tag() != null ? reference.tag() : Reference.DEFAULT_TAG;
        return "oci:" + dest + (dest.contains(":") ? "" : ":" + tag);
    }
}
