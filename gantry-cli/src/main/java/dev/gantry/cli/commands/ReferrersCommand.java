package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.cli.output.Table;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.ref.Reference;
import dev.gantry.registry.client.RegistryClient;
import dev.gantry.registry.client.RegistrySource;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.transport.layout.LayoutSource;
import dev.gantry.error.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "referrers",
        description = {"List the OCI 1.1 referrers of an image (signatures, SBOMs, attestations: manifests whose subject "
                + "is the image): in a registry from its referrers API, else from the sha256-<hex> fallback tag; in an OCI "
                + "layout (oci:DIR:TAG or oci:DIR@DIGEST) from the manifests index.json lists."})
public final class ReferrersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "[docker://]HOST/REPO[:TAG|@DIGEST] or oci:DIR[:TAG|@DIGEST]")
    String ref;

    @Option(names = "--artifact-type", paramLabel = "TYPE", description = "only referrers of this artifact type")
    String artifactType;

    @Option(names = "--json", description = "machine-readable JSON output (a list of descriptors)")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    @Override
    public Integer call() throws Exception {
        List<Descriptor> found;
        TransportRef location = TransportRef.parse(ref);
        if (!location.isRemote()) {
            try (ImageSource source = Transports.openSource(location, remote.options())) {
                if (!(source instanceof LayoutSource layout)) {
                    throw new InvalidInputException(ref + " cannot hold referrers: they are listed in registries and OCI "
                            + "layouts (oci:DIR, oci-archive:FILE)");
                }
                found = layout.referrers(source.root().digest()).stream()
                        .filter(d -> artifactType == null || artifactType.equals(d.artifactType()))
                        .toList();
            }
        } else {
            Reference reference = RemoteOptionsMixin.registryReference(ref);
            found = list(remote.client(reference), reference, artifactType);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, found);
            return 0;
        }
        Table table = new Table("DIGEST", "ARTIFACT TYPE", "SIZE");
        for (Descriptor d : found) {
            table.row(d.digest(), d.artifactType() == null ? d.mediaType() : d.artifactType(), Sizes.human(d.size()));
        }
        table.print(out);
        return 0;
    }

    /** The referrers of what {@code reference} names (a tag is resolved first), optionally of one artifact type. */
    static List<Descriptor> list(RegistryClient client, Reference reference, String artifactType) throws IOException {
        Digest subject = reference.digest() != null ? reference.digest() : new RegistrySource(client, reference).root().digest();
        return client.referrers(subject).stream()
                .filter(d -> artifactType == null || artifactType.equals(d.artifactType()))
                .toList();
    }
}
