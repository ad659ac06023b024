package dev.gantry.cli.commands;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The advisory database and triage inputs of {@code gantry vulns} and {@code gantry diff --vulns}. Plain
 * JDK types only: {@code diff} carries this mixin, and must not load a vulns-module class unless
 * {@code --vulns} is given.
 */
public final class VulnsTriageOptions {
    @Option(names = "--db", paramLabel = "DIR",
            description = "advisory database directory (default: $GANTRY_VULNS_DB, else $XDG_CACHE_HOME/gantry/vulns, "
                    + "else ~/.cache/gantry/vulns)")
    Path db;

    @Option(names = "--vex", paramLabel = "FILE", description = "an OpenVEX or CycloneDX VEX document whose not_affected "
            + "and fixed statements suppress the findings they name (by vulnerability id or alias, and package purl or "
            + "image digest); repeatable")
    List<Path> vex = new ArrayList<>();

    @Option(names = "--ignore-file", paramLabel = "FILE", description = "ignore file, lines 'ID [PACKAGE] "
            + "until=YYYY-MM-DD REASON...' (default: ./.gantryignore-vulns when present); an expired entry or one "
            + "without a reason is an error (exit 2)")
    Path ignoreFile;
}
