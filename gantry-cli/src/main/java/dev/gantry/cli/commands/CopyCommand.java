package dev.gantry.cli.commands;

import dev.gantry.transport.TransportRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "copy", aliases = "cp",
        description = {"Copy an image between any two locations (registries included, registry to registry too), verifying "
                + "every blob and skipping blobs the destination already has. Layer bytes are never changed; manifests are "
                + "kept byte for byte unless the destination's format needs other media types (Docker -> OCI for oci: and "
                + "oci-archive:)."})
public final class CopyCommand extends TransferCommand {
    @Parameters(index = "0", paramLabel = "SRC", description = "source image location")
    String src;

    @Parameters(index = "1", paramLabel = "DST",
            description = "destination, e.g. oci:DIR:TAG, oci-archive:FILE:TAG, docker-archive:FILE:NAME:TAG, docker://HOST/REPO:TAG")
    String dst;

    @Override
    public Integer call() throws Exception {
        return transfer(TransportRef.parse(src), TransportRef.parse(dst));
    }
}
