package dev.gantry.cli.commands;

import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.registry.migrate.StoreImport;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryConfigFile;
import dev.gantry.registry.storage.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "migrate", description = {
        "Import a file-system registry store into the storage and database a `gantry serve --config` file names: Gantry's own "
                + "data directory, or the rootdirectory of distribution's (docker-registry's) filesystem driver.",
        "Every blob is re-hashed while it is copied; manifests go through the registry's push checks. Resumable: run it again "
                + "and it skips what is already there. One line per bad entry on stderr; exit 0 when all went over, 1 when "
                + "something did not, 2 on a usage or I/O error. Run it with the nodes stopped or before they take pushes."})
public final class ServeMigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "the store to import")
    Path from;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the `gantry serve --config` file of the target: its storage and database")
    Path configFile;

    @Option(names = "--json", description = "machine-readable JSON summary")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(from)) {
            spec.commandLine().getErr().println("gantry: no registry store at " + from + " (see --from)");
            return Main.EXIT_ERROR;
        }
        RegistryConfigFile file = RegistryConfigFile.read(configFile);
        StorageConfig storage = file.storage() != null ? file.storage()
                : StorageConfig.filesystem(file.data() != null ? file.data() : RegistryConfig.DEFAULT_DATA);
        PrintWriter err = spec.commandLine().getErr();
        StoreImport.Report report = StoreImport.run(from, storage, file.database(), err);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, report);
        } else {
            out.println("imported " + report.repositories() + " repositories from a " + report.layout() + " store: "
                    + report.blobsCopied() + " blob(s) copied, " + report.blobsPresent() + " already there; "
                    + report.manifestsImported() + " manifest(s) recorded, " + report.manifestsPresent() + " already there; "
                    + report.failures() + " failure(s)");
            out.flush();
        }
        return report.failures() == 0 ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
    }
}
