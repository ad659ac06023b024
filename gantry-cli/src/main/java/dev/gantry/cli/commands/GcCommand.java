package dev.gantry.cli.commands;

import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.digest.Digest;
import dev.gantry.registry.gc.GarbageCollector;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.storage.FileSystemDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "gc", description = {
        "Delete what no tag reaches from a `gantry serve` store: untagged manifests that no tagged index or subject needs, "
                + "and blobs no remaining manifest names.",
        "Safe while the registry runs: anything written within the grace period is kept, so pushes in progress survive."})
public final class GcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "storage directory (default: ${DEFAULT-VALUE})")
    Path data = RegistryConfig.DEFAULT_DATA;

    @Option(names = "--dry-run", description = "list what would be deleted, delete nothing")
    boolean dryRun;

    @Option(names = "--grace", paramLabel = "DURATION", description = "keep anything younger than this, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration grace = Duration.ofHours(1);

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            spec.commandLine().getErr().println("gantry: no registry store at " + data + " (see --data)");
            return Main.EXIT_ERROR;
        }
        GarbageCollector.Report report = GarbageCollector.forStorage(new FileSystemDriver(data), grace, Clock.systemUTC()).run(dryRun);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, report);
            return Main.EXIT_OK;
        }
        String verb = dryRun ? "would delete" : "deleted";
        report.manifests().forEach(m -> out.println(verb + " manifest " + m));
        report.uploads().forEach(u -> out.println(verb + " abandoned upload " + u));
        for (Digest blob : report.blobs()) {
            out.println(verb + " blob " + blob);
        }
        out.println(verb + " " + report.manifests().size() + " manifest(s), " + report.blobs().size() + " blob(s), "
                + report.bytes() + " bytes, " + report.uploads().size() + " abandoned upload(s)");
        out.flush();
        return Main.EXIT_OK;
    }
}
