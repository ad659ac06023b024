package dev.gantry.cli.commands;

import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.registry.scrub.ScrubProblem;
import dev.gantry.registry.scrub.ScrubReport;
import dev.gantry.registry.scrub.Scrubber;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryConfigFile;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.registry.storage.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "scrub", description = {
        "Check a `gantry serve` store: re-hash every blob, look up what every manifest names (config, layers, index children, "
                + "subject), what every tag and referrer entry points to; one line per problem, then a summary.",
        "Exit 0 when clean, 1 when problems were found, 2 on a usage or I/O error. Read-only unless --quarantine, which only renames; "
                + "the registry takes no lock on its store, so this may run beside it (run again to confirm a problem that a push or gc "
                + "in progress could explain)."})
public final class ServeScrubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "take the storage directory from this `gantry serve --config` file; --data wins")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", description = "storage directory (default: ${DEFAULT-VALUE})")
    Path data = RegistryConfig.DEFAULT_DATA;

    @Option(names = "--quarantine", description = "move corrupt and unreadable blobs to DIR/_quarantine/<time>/ so the registry no longer "
            + "serves them (404 until pushed again)")
    boolean quarantine;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (configFile != null && !spec.commandLine().getParseResult().hasMatchedOption("--data")) {
            RegistryConfigFile file = RegistryConfigFile.read(configFile);
            Path fromFile = file.data();
            if (file.storage() != null) {
                if (!file.storage().driver().equals(StorageConfig.FILESYSTEM)) {
                    spec.commandLine().getErr().println("gantry: serve scrub checks file-system stores only; " + configFile
                            + " uses storage driver " + file.storage().driver());
                    return Main.EXIT_ERROR;
                }
                fromFile = file.storage().path("path");
            }
            if (fromFile != null) {
                data = fromFile;
            }
        }
        if (!Files.isDirectory(data)) {
            spec.commandLine().getErr().println("gantry: no registry store at " + data + " (see --data)");
            return Main.EXIT_ERROR;
        }
        FileSystemDriver driver = new FileSystemDriver(data);
        ScrubReport report = new Scrubber(driver, Clock.systemUTC()).run(quarantine);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, withLocalPaths(report, driver));
        } else {
            report.problems().forEach(p -> out.println(line(p, driver)));
            report.notes().forEach(n -> out.println("note: " + line(n, driver)));
            out.println(summary(report, driver));
            out.flush();
        }
        return report.clean() ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
    }

    /** KIND REPOSITORY DIGEST-OR-TAG: WHAT ("-" for the shared blob store), and where a blob was moved. */
    private static String line(ScrubProblem p, FileSystemDriver driver) {
        return p.kind() + " " + (p.repository() == null ? "-" : p.repository()) + " " + p.reference() + ": " + p.message()
                + (p.quarantinedTo() == null ? "" : "; moved to " + local(driver, p.quarantinedTo()));
    }

    private static String summary(ScrubReport r, FileSystemDriver driver) {
        String problems = r.problems().isEmpty() ? "no problems" : r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s");
        return "scrubbed " + r.blobs() + " blob" + (r.blobs() == 1 ? "" : "s") + " (" + Sizes.human(r.bytes()) + "), "
                + r.manifests() + " manifest" + (r.manifests() == 1 ? "" : "s") + " and " + r.tags() + " tag" + (r.tags() == 1 ? "" : "s")
                + " in " + r.repositories() + " repositor" + (r.repositories() == 1 ? "y" : "ies") + ": " + problems
                + (r.notes().isEmpty() ? "" : ", " + r.notes().size() + " note" + (r.notes().size() == 1 ? "" : "s"))
                + (r.quarantine() == null ? "" : "; blobs taken out of service are in " + local(driver, r.quarantine()));
    }

    /** The report with quarantine places as files, as the text output shows them. */
    private static ScrubReport withLocalPaths(ScrubReport r, FileSystemDriver driver) {
        return new ScrubReport(r.blobs(), r.bytes(), r.repositories(), r.manifests(), r.tags(),
                r.problems().stream().map(p -> p.quarantinedTo() == null ? p
                        : new ScrubProblem(p.kind(), p.repository(), p.reference(), p.message(), local(driver, p.quarantinedTo()).toString())).toList(),
                r.notes(), r.quarantine() == null ? null : local(driver, r.quarantine()).toString());
    }

    /** A storage key as the file it is under the data directory. */
    private static Path local(FileSystemDriver driver, String key) {
        return driver.root().resolve(key.substring(1));
    }
}
