package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.vulns.db.DbInfo;
import dev.gantry.vulns.db.DbLocation;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code --db} and {@code --json} of the {@code vulns db} verbs, and how they print a database. */
final class VulnsDbOptions {
    @Option(names = "--db", paramLabel = "DIR",
            description = "advisory database directory (default: $GANTRY_VULNS_DB, else $XDG_CACHE_HOME/gantry/vulns, "
                    + "else ~/.cache/gantry/vulns)")
    Path db;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    Path file() {
        return DbLocation.file(db, System.getenv());
    }

    /** The database as --json writes it. */
    record JsonInfo(String file, String builtAt, long advisories, int packages, java.util.List<DbInfo.Source> sources) {
    }

    void print(PrintWriter out, DbInfo info) {
        if (json) {
            Output.json(out, new JsonInfo(info.file().toString(), info.builtAt().toString(), info.advisories(),
                    info.packages(), info.sources()));
            return;
        }
        out.println("database: " + info.file());
        out.println("built:    " + info.builtAt() + " (" + VulnsCommand.describe(info.age(java.time.Instant.now())) + " ago)");
        out.println("records:  " + info.advisories() + " advisories for " + info.packages() + " (ecosystem, package) keys");
        out.println("sources:");
        for (DbInfo.Source s : info.sources()) {
            out.println("  " + s.name() + " (" + s.format() + ", " + s.advisories() + ")");
        }
        out.flush();
    }
}
