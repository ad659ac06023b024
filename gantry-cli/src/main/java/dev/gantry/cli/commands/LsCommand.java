package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TagLister;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ls", description = "List the tags (image names) held in an OCI layout, archive or registry repository.")
public final class LsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "oci:DIR, oci-archive:FILE, docker-archive:FILE or a path")
    String store;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @picocli.CommandLine.Mixin
    RemoteOptionsMixin remote;

    @Override
    public Integer call() throws Exception {
        TransportRef ref = TransportRef.parse(store);
        try (ImageSource source = Transports.openSource(ref, remote.options())) {
            if (!(source instanceof TagLister lister)) {
                throw new UnsupportedFormatException(ref + " cannot list the images it holds");
            }
            List<String> tags = lister.tags();
            Output.names(spec.commandLine().getOut(), tags, json);
        }
        return 0;
    }
}
