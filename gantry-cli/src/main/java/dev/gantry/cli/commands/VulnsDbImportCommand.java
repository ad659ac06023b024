package dev.gantry.cli.commands;

import dev.gantry.vulns.db.AdvisoryImporter;
import dev.gantry.vulns.db.DbInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gantry vulns db import FILE|DIR...}. */
@Command(name = "import", description = {"Build the advisory database from files: OSV JSON (one advisory, or a "
        + "per-ecosystem all.zip export; Rocky Linux's and AlmaLinux's too), the Debian Security Tracker JSON, Alpine "
        + "secdb JSON, Red Hat CSAF VEX JSON (one file per CVE); a directory adds its "
        + ".json and .zip files.", "The new database replaces the old one only when every file imported; a bad entry "
        + "is named and nothing changes."})
public final class VulnsDbImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VulnsDbOptions options;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "advisory files or directories")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        DbInfo info = new AdvisoryImporter(Clock.systemUTC()).importAll(
                inputs.stream().map(p -> new AdvisoryImporter.Input(p, p.toString())).toList(), options.file());
        options.print(spec.commandLine().getOut(), info);
        return 0;
    }
}
