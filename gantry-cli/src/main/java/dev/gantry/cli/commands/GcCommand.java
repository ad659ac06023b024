package dev.gantry.cli.commands;

import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.digest.Digest;
import dev.gantry.registry.gc.GarbageCollector;
import dev.gantry.registry.gc.OnlineGcRun;
import dev.gantry.registry.metadata.OnlineGcReport;
import dev.gantry.registry.server.RegistryConfigFile;
import dev.gantry.registry.storage.StorageConfig;
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
        "Safe while the registry runs: anything written within the grace period is kept, so pushes in progress survive.",
        "With --config FILE whose \"database\" holds the metadata (PostgreSQL), one online pass instead: every review task due "
                + "after --grace is reviewed (what `gantry serve` nodes do in the background), and with --orphans storage objects "
                + "the database does not hold are swept."})
public final class GcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "storage directory (default: ${DEFAULT-VALUE})")
    Path data = RegistryConfig.DEFAULT_DATA;

    @Option(names = "--config", paramLabel = "FILE", description = "the `gantry serve --config` file: its storage, and its database when it has one")
    Path configFile;

    @Option(names = "--orphans", description = "with a database: also delete storage objects under /blobs that the database does not hold "
            + "(left by a crash), older than --grace; walks the whole storage")
    boolean orphans;

    @Option(names = "--dry-run", description = "list what would be deleted, delete nothing")
    boolean dryRun;

    @Option(names = "--grace", paramLabel = "DURATION", description = "keep anything younger than this, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration grace = Duration.ofHours(1);

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (configFile != null) {
            RegistryConfigFile file = RegistryConfigFile.read(configFile);
            if (file.database() != null) {
                return online(file);
            }
            if (file.storage() != null && !file.storage().driver().equals(StorageConfig.FILESYSTEM)) {
                spec.commandLine().getErr().println("gantry: gc without a database reads file-system stores only; " + configFile
                        + " uses storage driver " + file.storage().driver());
                return Main.EXIT_ERROR;
            }
            if (!spec.commandLine().getParseResult().hasMatchedOption("--data")) {
                data = file.storage() != null ? file.storage().path("path") : file.data() != null ? file.data() : data;
            }
        }
        if (orphans) {
            spec.commandLine().getErr().println("gantry: --orphans goes with a --config whose metadata is in a database");
            return Main.EXIT_ERROR;
        }
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

    /** One online pass over the storage and database of the config file. */
    private int online(RegistryConfigFile file) throws Exception {
        if (dryRun) {
            spec.commandLine().getErr().println("gantry: --dry-run reads the storage tree; with a database, review tasks are "
                    + "decided one by one and cannot be listed ahead (see the gc_*_review_queue tables)");
            return Main.EXIT_ERROR;
        }
        StorageConfig storage = file.storage() != null ? file.storage()
                : StorageConfig.filesystem(file.data() != null ? file.data() : RegistryConfig.DEFAULT_DATA);
        OnlineGcReport report = OnlineGcRun.run(storage, file.database(), grace, orphans);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, report);
            return Main.EXIT_OK;
        }
        out.println("reviewed " + report.reviewed() + " task(s): deleted " + report.manifestsDeleted() + " manifest(s), "
                + report.blobsDeleted() + " blob(s), " + report.objectsDeleted() + " storage object(s); " + report.failures() + " failure(s)");
        out.flush();
        return report.failures() == 0 ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
    }
}
