package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.digest.Digest;
import dev.gantry.error.NotFoundException;
import dev.gantry.ref.Reference;
import dev.gantry.registry.client.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "delete", description = {"Delete a manifest from a registry. A tag is resolved to its digest first, and "
        + "registries delete by digest: every tag naming that manifest goes with it."})
public final class DeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "[docker://]HOST/REPO:TAG or HOST/REPO@DIGEST")
    String ref;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    /** What --json prints. */
    record Result(String repository, String digest, boolean deleted) {
    }

    @Override
    public Integer call() throws Exception {
        Reference reference = RemoteOptionsMixin.registryReference(ref);
        RegistryClient client = remote.client(reference);
        Digest digest = reference.digest();
        if (digest == null) {
            digest = client.headManifest(reference.tagOrDefault()).orElseThrow(() -> new NotFoundException(
                    "tag " + reference.tagOrDefault() + " not found in " + client.name() + "; nothing deleted")).digest();
        }
        client.deleteManifest(digest);
        if (json) {
            Output.json(spec.commandLine().getOut(), new Result(client.name(), digest.toString(), true));
            return 0;
        }
        spec.commandLine().getOut().println("deleted " + client.name() + "@" + digest);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
