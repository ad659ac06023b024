package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.error.InvalidInputException;
import dev.gantry.ref.Reference;
import dev.gantry.registry.client.ManifestResponse;
import dev.gantry.registry.client.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "tag", description = "Give a registry image another tag in the same repository; only the manifest moves, no layers.")
public final class TagCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "[docker://]HOST/REPO[:TAG|@DIGEST]")
    String ref;

    @Parameters(index = "1", paramLabel = "NEWTAG", description = "the new tag")
    String newTag;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    /** What --json prints. */
    record Result(String repository, String tag, String digest, String mediaType) {
    }

    @Override
    public Integer call() throws Exception {
        if (!Reference.isValidTag(newTag)) {
            throw new InvalidInputException("invalid tag '" + newTag + "': tags are up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'");
        }
        Reference reference = RemoteOptionsMixin.registryReference(ref);
        RegistryClient client = remote.client(reference);
        String from = reference.digest() != null ? reference.digest().toString() : reference.tagOrDefault();
        ManifestResponse manifest = client.getManifest(from);
        client.putManifest(newTag, manifest.descriptor(), manifest.raw());
        if (json) {
            Output.json(spec.commandLine().getOut(), new Result(client.name(), newTag,
                    manifest.descriptor().digest().toString(), manifest.descriptor().mediaType()));
            return 0;
        }
        spec.commandLine().getOut().println(client.name() + ":" + newTag + " -> " + manifest.descriptor().digest());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
