package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.copy.ImageWriter;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.ContainerCommitter;
import dev.gantry.runtime.container.Containers;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", description = {"Write a container's changes as a new image, like docker commit: the image it was "
        + "made from plus one layer holding its overlay upper directory (deletions as .wh.NAME whiteouts, directories "
        + "deleted and made again as .wh..wh..opq), with a history entry (created_by = the container's command).",
        "DEST is any location: oci:DIR:TAG, oci-archive:FILE, docker-archive:FILE:NAME:TAG or a registry reference."})
public final class CommitCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "container name, id or id prefix")
    String container;

    @Parameters(index = "1", paramLabel = "DEST", description = "where to write the new image")
    String dest;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "the history entry's comment")
    String message;

    @Mixin
    RemoteOptionsMixin remote;

    record Result(String container, String manifest, String config, String destination) {
    }

    @Override
    public Integer call() throws Exception {
        Container found = new Containers(store()).find(container);
        Warnings warnings = new Warnings(json ? null : w -> {
            err().println("warning: " + w);
            err().flush();
        });
        ImageWriter.Written written;
        try (ImageTarget target = Transports.openTarget(TransportRef.parse(dest), null, remote.options())) {
            written = new ContainerCommitter(store(), LayerCompression.defaults()).commit(found, target, message, warnings);
        }
        if (json) {
            Output.json(out(), new Result(found.shortId(), written.manifest().digest().toString(),
                    written.config().digest().toString(), dest));
        } else {
            out().println(written.manifest().digest());
            out().flush();
        }
        return 0;
    }
}
