package dev.gantry.cli.commands;

import dev.gantry.vulns.db.AdvisoryImporter;
import dev.gantry.vulns.db.DbInfo;
import dev.gantry.vulns.db.DbUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gantry vulns db update}. */
@Command(name = "update", description = {"Download the advisory sources and rebuild the database from them: by "
        + "default the Debian Security Tracker JSON, Alpine secdb (v3.18-v3.21 main) and the OSV Debian, Alpine, Rocky "
        + "Linux and AlmaLinux "
        + "exports; --source (or $GANTRY_VULNS_SOURCES, URLs separated by spaces or commas) replaces that list.",
        "A failed download or a bad file leaves the previous database as it was."})
public final class VulnsDbUpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VulnsDbOptions options;

    @Option(names = "--source", paramLabel = "URL", description = "an advisory source to download (repeatable)")
    List<String> sources;

    @Override
    public Integer call() throws Exception {
        List<String> urls = sources;
        String env = System.getenv("GANTRY_VULNS_SOURCES");
        if ((urls == null || urls.isEmpty()) && env != null && !env.isBlank()) {
            urls = Arrays.stream(env.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
        }
        if (urls == null || urls.isEmpty()) {
            urls = DbUpdater.DEFAULT_SOURCES;
        }
        DbInfo info;
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            info = new DbUpdater(client, new AdvisoryImporter(Clock.systemUTC())).update(urls, options.file());
        }
        options.print(spec.commandLine().getOut(), info);
        return 0;
    }
}
