package dev.gantry.cli.commands;

import dev.gantry.transport.TransportRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "push",
        description = {"Copy an image from a local location to a registry: blobs the repository has are skipped, blobs "
                + "in another repository of the same registry are mounted, the tag moves last."})
public final class PushCommand extends TransferCommand {
    @Parameters(index = "0", paramLabel = "SRC", description = "local image location (oci:DIR[:TAG], an archive, a path)")
    String src;

    @Parameters(index = "1", paramLabel = "REF", description = "registry reference: [docker://]HOST/REPO[:TAG]")
    String ref;

    @Override
    public Integer call() throws Exception {
        return transfer(TransportRef.parse(src),
                new TransportRef(TransportRef.Kind.REGISTRY, null, null, RemoteOptionsMixin.registryReference(ref)));
    }
}
