package dev.gantry.cli.commands;

import dev.gantry.analysis.packages.UnreadDatabase;
import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Table;
import dev.gantry.oci.Platform;
import dev.gantry.transport.TransportRef;
import dev.gantry.vulns.db.DbInfo;
import dev.gantry.vulns.db.Severity;
import dev.gantry.vulns.db.Status;
import dev.gantry.vulns.report.VulnCycloneDx;
import dev.gantry.vulns.report.VulnSarif;
import dev.gantry.vulns.scan.Finding;
import dev.gantry.vulns.scan.VulnReport;
import dev.gantry.vulns.triage.Triage;
import dev.gantry.vulns.triage.TriagedFinding;
import dev.gantry.vulns.triage.TriagedReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gantry vulns IMAGE}: the image's OS and language packages against the local advisory database, grouped
 * by the layer that installed each vulnerable version, triaged with VEX documents and the ignore
 * file. The vulns module's classes are reached only from this command's methods (and from
 * {@code diff --vulns}), so no other verb loads them.
 */
@Command(name = "vulns", aliases = "scan",
        description = {"Find known vulnerabilities in an image's OS packages (dpkg, apk, rpm) and language packages (Maven, "
                + "PyPI, npm, Go, as gantry packages lists them) with the local advisory database (gantry vulns db "
                + "update|import), grouped by the layer that installed each vulnerable version.",
                "Debian and Alpine advisories name source packages: packages are matched by their source and its version; "
                        + "an rpm is matched by its own name and its SOURCERPM's (rpm advisories name either). "
                        + "Debian's unimportant and no-dsa findings are shown as such and do not fail the gate "
                        + "unless --strict; not-affected ones only with --show-suppressed.",
                "False positives: --vex FILE (OpenVEX or CycloneDX VEX; not_affected and fixed statements suppress) and "
                        + "the ignore file (ID [PACKAGE] until=YYYY-MM-DD REASON...); --show-suppressed lists what they "
                        + "suppressed and why.",
                "Exit 0 when nothing reaches --fail-on, 1 when a finding does (or a package database could not be "
                        + "read), 2 on usage or I/O errors, an invalid VEX file or an expired ignore entry. Without "
                        + "--fail-on the exit code is 0 or 2."},
        subcommands = {VulnsDbCommand.class})
public final class VulnsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REF",
            description = "image location, e.g. oci:DIR:TAG, docker-archive:FILE or a registry reference")
    String ref;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "platform to pick from a multi-platform index (default: this machine's)")
    String platform;

    @Option(names = "--all", description = "scan every platform image of an index; findings per platform")
    boolean all;

    @Option(names = "--json", description = "machine-readable JSON output (--format json)")
    boolean json;

    enum Format { table, json, sarif, cyclonedx }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, json, sarif "
            + "(SARIF 2.1.0: one rule per vulnerability, results at the package database) or cyclonedx (CycloneDX 1.5 "
            + "BOM with vulnerabilities and their analysis) (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    VulnsTriageOptions triage;

    @Mixin
    RemoteOptionsMixin remote;

    @Option(names = "--layers", description = "also match package versions later layers upgraded or removed: "
            + "their bytes are still in the lower layers")
    boolean layers;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "exit 1 when a finding in the final image is at or above it: unknown, negligible, low, "
                    + "medium, high or critical")
    String failOn;

    @Option(names = "--strict", description = "Debian's unimportant and no-dsa findings count for --fail-on too")
    boolean strict;

    @Option(names = "--show-suppressed", description = "also list suppressed findings, each with why: a VEX statement "
            + "(file and statement), an ignore entry (file and line) or the advisory saying the package is not affected")
    boolean showSuppressed;

    @Option(names = "--max-db-age", paramLabel = "AGE", defaultValue = "7d",
            description = "warn when the database is older (e.g. 36h, 7d; default: ${DEFAULT-VALUE})")
    String maxDbAge;

    @Option(names = "--offline", description = "never touch the network: refuse registry locations")
    boolean offline;

    /** A finding as --json writes it. */
    record JsonFinding(String id, List<String> aliases, String pkg, String sourcePackage, String type, String installed,
                       String comparedVersion, String fixed, String status, String severity, String severityText,
                       String note, String ecosystem, String advisorySource, int layer, String layerDigest,
                       String createdBy, String database, boolean inFinalImage, Integer replacedInLayer,
                       String replacedBy, String purl, boolean suppressed, Triage triage) {
    }

    /** The database as --json describes it. */
    record JsonDb(String file, String builtAt, long ageSeconds, long advisories, List<DbInfo.Source> sources) {
    }

    /** The whole --json result, one per platform with --all. */
    record Result(String image, String imageDigest, String platform, String distro, List<String> ecosystems, int packages,
                  JsonDb database, List<JsonFinding> findings, long suppressed, List<UnreadDatabase> notRead,
                  List<String> notes, String failOn, boolean failed) {
    }

    /** --json with --all: every platform's result. */
    record AllResult(String image, List<Result> platforms, String failOn, boolean failed) {
    }

    @Override
    public Integer call() throws Exception {
        if (ref == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'REF' (or a verb: db)");
        }
        Severity threshold = failOn == null ? null : parseSeverity(failOn);
        Duration maxAge = parseAge(maxDbAge);
        Format chosen = json ? Format.json : format;
        if (all && platform != null) {
            throw new ParameterException(spec.commandLine(), "--all and --platform: choose one");
        }
        if (all && chosen == Format.cyclonedx) {
            throw new ParameterException(spec.commandLine(), "--format cyclonedx describes one image: use --platform "
                    + "instead of --all");
        }
        if (offline && TransportRef.parse(ref).isRemote()) {
            throw new ParameterException(spec.commandLine(), "--offline: " + ref + " is in a registry; scan a local "
                    + "copy (gantry pull) or drop --offline");
        }
        VulnScans scans = VulnScans.prepare(triage);
        List<TriagedReport> reports = scans.scan(ref, remote.options(), platform == null ? null : Platform.parse(platform),
                all, layers);
        Instant now = Instant.now();
        Duration age = reports.getFirst().report().database().age(now);
        if (age.compareTo(maxAge) > 0) {
            spec.commandLine().getErr().println("warning: the advisory database is " + describe(age) + " old (over "
                    + maxDbAge + "): run `gantry vulns db update`");
        }
        boolean failed = false;
        List<Result> results = new ArrayList<>();
        for (TriagedReport r : reports) {
            List<Finding> failing = threshold == null ? List.of() : r.failing(threshold, strict);
            boolean thisFailed = threshold != null && (!failing.isEmpty() || !r.report().unread().isEmpty());
            failed |= thisFailed;
            switch (chosen) {
                case json -> results.add(result(r, age, threshold, thisFailed));
                case table -> print(r, age, threshold, failing);
                default -> {
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (chosen) {
            case json -> Output.json(out, all ? new AllResult(ref, results, threshold == null ? null : threshold.toString(),
                    failed) : results.getFirst());
            case sarif -> Output.json(out, VulnSarif.of(reports, version(), showSuppressed));
            case cyclonedx -> Output.json(out, VulnCycloneDx.bom(reports.getFirst(), version(), showSuppressed));
            case table -> {
            }
        }
        for (TriagedReport r : reports) {
            for (String note : r.report().notes()) {
                spec.commandLine().getErr().println("note: " + (r.platform() == null ? "" : r.platform() + ": ") + note);
            }
        }
        spec.commandLine().getErr().flush();
        return failed ? Main.EXIT_CHECK_FAILED : Main.EXIT_OK;
    }

    private Result result(TriagedReport r, Duration age, Severity threshold, boolean failed) {
        VulnReport report = r.report();
        DbInfo info = report.database();
        return new Result(report.image(), report.imageDigest(), r.platform(), report.distro(), report.ecosystems(),
                report.packages(),
                new JsonDb(info.file().toString(), info.builtAt().toString(), age.toSeconds(), info.advisories(), info.sources()),
                r.shown(showSuppressed).stream().map(VulnsCommand::json).toList(), r.suppressedCount(), report.unread(),
                report.notes(), threshold == null ? null : threshold.toString(), failed);
    }

    private static String version() {
        String v = VulnsCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private Severity parseSeverity(String text) {
        Severity s = Severity.parse(text);
        if (s == Severity.UNKNOWN && !text.equalsIgnoreCase("unknown")) {
            throw new ParameterException(spec.commandLine(), "--fail-on: unknown severity '" + text
                    + "' (unknown, negligible, low, medium, high, critical)");
        }
        return s;
    }

    private Duration parseAge(String text) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text);
            }
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--max-db-age: '" + text + "' is not an age like 36h or 7d");
        }
    }

    static String describe(Duration age) {
        if (age.toDays() >= 2) {
            return age.toDays() + " days";
        }
        if (age.toHours() >= 2) {
            return age.toHours() + " hours";
        }
        return Math.max(0, age.toMinutes()) + " minutes";
    }

    private static JsonFinding json(TriagedFinding t) {
        Finding f = t.finding();
        return new JsonFinding(f.id(), f.aliases(), f.pkg(), f.sourcePkg(), f.type(), f.installed(), f.matched(), f.fixed(),
                f.status().toString(), f.severity().toString(), f.severityText(), f.note(), f.ecosystem(),
                f.advisorySource(), f.layer(), f.layerDigest(), f.createdBy(), f.database(), f.inFinalImage(),
                f.replacedLayer(), f.replacedBy(), f.purl(), t.suppressed(), t.triage());
    }

    private void print(TriagedReport triaged, Duration age, Severity threshold, List<Finding> failing) {
        PrintWriter out = spec.commandLine().getOut();
        VulnReport report = triaged.report();
        List<TriagedFinding> shown = triaged.shown(showSuppressed);
        if (triaged.platform() != null) {
            out.println("== " + triaged.platform() + " ==");
        }
        DbInfo info = report.database();
        out.println("advisories: " + info.file() + ", built " + info.builtAt() + " (" + describe(age) + " ago) from "
                + info.sources().size() + " source(s), " + info.advisories() + " records");
        out.println("image: " + report.image() + " " + report.imageDigest() + (report.distro() == null ? ""
                : ", " + report.distro()) + ", " + report.packages() + " package(s) matched in "
                + (report.ecosystems().isEmpty() ? "no advisory ecosystem" : String.join(", ", report.ecosystems())));
        for (UnreadDatabase u : report.unread()) {
            out.println("NOT READ: " + u.path() + " (layer " + u.layer() + "): " + u.reason()
                    + "; its packages are unknown, not absent");
        }
        Map<Integer, List<TriagedFinding>> byLayer = new LinkedHashMap<>();
        for (TriagedFinding t : shown) {
            byLayer.computeIfAbsent(t.finding().layer(), k -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<Integer, List<TriagedFinding>> group : byLayer.entrySet()) {
            Finding first = group.getValue().getFirst().finding();
            out.println();
            out.println("layer " + group.getKey() + " " + first.layerDigest().substring(0, Math.min(19, first.layerDigest().length()))
                    + (first.createdBy() == null ? "" : "  " + oneLine(first.createdBy())));
            out.println("  packages from " + String.join(", ", group.getValue().stream().map(t -> t.finding().database())
                    .distinct().toList()));
            Table table = new Table("  ID", "ALIASES", "PACKAGE", "INSTALLED", "FIXED", "SEVERITY", "STATUS");
            List<String> why = new ArrayList<>();
            for (TriagedFinding t : group.getValue()) {
                Finding f = t.finding();
                String status = f.note() == null ? f.status().toString()
                        : f.note().startsWith(f.status().toString()) ? f.note() : f.status() + " (" + f.note() + ")";
                if (!f.inFinalImage()) {
                    status = "hidden: " + (f.replacedBy() == null ? "removed" : "replaced by " + f.replacedBy())
                            + " in layer " + f.replacedLayer() + "; " + status;
                }
                if (t.suppressed()) {
                    status = "SUPPRESSED; " + status;
                }
                if (t.triage() != null && t.triage().kind() != Triage.Kind.DISTRIBUTION) {
                    why.add("  " + f.id() + " " + f.pkg() + ": " + (t.suppressed() ? "suppressed: " : "") + t.triage().why());
                }
                table.row("  " + f.id(), String.join(",", f.aliases()),
                        f.sourcePkg() == null ? f.pkg() : f.pkg() + " (" + f.sourcePkg() + ")",
                        f.matched().equals(f.installed()) ? f.installed() : f.installed() + " (source " + f.matched() + ")",
                        f.fixed() == null ? (f.status() == Status.NOT_AFFECTED ? "-" : "no fix yet") : f.fixed(),
                        f.severity().toString(), status);
            }
            table.print(out);
            why.forEach(out::println);
        }
        out.println();
        long inFinal = shown.stream().filter(t -> t.finding().inFinalImage()).count();
        long suppressed = triaged.suppressedCount();
        out.println(shown.size() + " finding(s), " + inFinal + " in the final image"
                + (threshold == null ? "" : "; " + failing.size() + " at or above " + threshold + (strict ? " (strict)" : ""))
                + (suppressed == 0 ? "" : "; " + suppressed + " suppressed" + (showSuppressed ? "" : " (--show-suppressed lists them)")));
        out.flush();
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 100 ? t.substring(0, 97) + "..." : t;
    }
}
