package dev.gantry.analysis.lint;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0, the format GitHub code scanning and most CI viewers read: the one writer of it in
 * Gantry. {@link #of(LintReport)} turns a lint report into a log (one run whose driver lists every
 * rule, one result per finding with its line); other reports (the vulnerability scan) build their
 * own {@link Driver} and {@link Result}s from these records and wrap them with {@link #log}.
 * Serialise the returned record with the project's Json mapper (null fields are left out).
 */
public final class Sarif {
    /** The SARIF 2.1.0 JSON schema, written as {@code $schema}. */
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private Sarif() {
    }

    /**
     * A SARIF log, the document's root.
     *
     * @param schema  the schema URI ({@link #SCHEMA}), serialised as {@code $schema}
     * @param version "2.1.0"
     * @param runs    one run
     */
    public record Log(@JsonProperty("$schema") String schema, String version, List<Run> runs) {
    }

    /**
     * One run of one tool.
     *
     * @param tool    the tool and its rules
     * @param results one result per finding
     */
    public record Run(Tool tool, List<Result> results) {
    }

    /**
     * The tool that ran.
     *
     * @param driver the linter itself
     */
    public record Tool(Driver driver) {
    }

    /**
     * The tool and every rule it knows, whether or not it found something.
     *
     * @param name           "gantry-lint", "gantry-vulns"
     * @param version        the tool's version, or null
     * @param informationUri where the tool is described, or null
     * @param rules          every rule, in the order results' {@code ruleIndex} refers to
     */
    public record Driver(String name, String version, String informationUri, List<ReportingDescriptor> rules) {
        /**
         * A driver with only a name and rules.
         *
         * @param name  the tool's name
         * @param rules its rules
         */
        public Driver(String name, List<ReportingDescriptor> rules) {
            this(name, null, null, rules);
        }
    }

    /**
     * One rule as SARIF describes it.
     *
     * @param id                   the rule's id: a lint rule's {@code GLnnn}, a vulnerability's id
     * @param name                 the rule's title
     * @param shortDescription     the rule's title
     * @param help                 the rule's fix
     * @param defaultConfiguration {@code level}: the rule's SARIF level
     * @param properties           the rule's extra properties (lint: {@code hadolint}, the matching hadolint id;
     *                             vulnerabilities: {@code security-severity}, {@code tags}), or null when there are none
     */
    public record ReportingDescriptor(String id, String name, Text shortDescription, Text help,
                                      Map<String, String> defaultConfiguration, Map<String, Object> properties) {
    }

    /**
     * A SARIF message.
     *
     * @param text plain text
     */
    public record Text(String text) {
    }

    /**
     * One finding.
     *
     * @param ruleId              the rule's id
     * @param ruleIndex           the rule's position in the driver's rules
     * @param level               error, warning or note
     * @param message             the finding's message (lint: and the rule's fix)
     * @param locations           where: the file, and the line when there is one
     * @param partialFingerprints stable identities that let a viewer follow a result across runs, or null
     * @param properties          the result's extra properties (vulnerabilities: the layer), or null
     * @param suppressions        why the result does not count (a VEX statement, an ignore entry), or null
     */
    public record Result(String ruleId, int ruleIndex, String level, Text message, List<Location> locations,
                         Map<String, String> partialFingerprints, Map<String, Object> properties,
                         List<Suppression> suppressions) {
        /**
         * A result without fingerprints or properties.
         *
         * @param ruleId    the rule's id
         * @param ruleIndex the rule's position in the driver's rules
         * @param level     error, warning or note
         * @param message   the message
         * @param locations where
         */
        public Result(String ruleId, int ruleIndex, String level, Text message, List<Location> locations) {
            this(ruleId, ruleIndex, level, message, locations, null, null, null);
        }
    }

    /**
     * A reason a result is suppressed (SARIF 2.1.0 section 3.35).
     *
     * @param kind          {@code external}: the reason lives outside the scanned artifact (a VEX file, an ignore file)
     * @param status        {@code accepted}
     * @param justification the reason, in words, naming the file and statement or line it comes from
     */
    public record Suppression(String kind, String status, String justification) {
    }

    /**
     * Where a result is.
     *
     * @param physicalLocation the file and line
     */
    public record Location(PhysicalLocation physicalLocation) {
    }

    /**
     * A place in a file.
     *
     * @param artifactLocation {@code uri}: the file, a relative URI reference or a {@code file:} URI for an
     *                         absolute path
     * @param region           {@code startLine}: the 1-based line; null for a whole file (a package database)
     */
    public record PhysicalLocation(Map<String, String> artifactLocation, Map<String, Integer> region) {
    }

    /**
     * The report as a SARIF log, ready to be serialised with the project's Json mapper.
     *
     * @param report the lint report
     * @return one run whose driver lists every rule and whose results are the report's findings
     */
    public static Log of(LintReport report) {
        List<ReportingDescriptor> rules = Rules.ALL.stream().map(r -> new ReportingDescriptor(r.id(), r.title(), new Text(r.title()),
                new Text(r.fix()), Map.of("level", r.severity().sarifLevel()),
                r.hadolint() == null ? null : Map.of("hadolint", r.hadolint()))).toList();
        String uri = uri(report.file());
        List<Result> results = report.findings().stream().map(f -> new Result(f.id(), index(f.id()), f.severity().sarifLevel(),
                new Text(f.message() + ". Fix: " + f.fix()),
                List.of(new Location(new PhysicalLocation(Map.of("uri", uri), Map.of("startLine", f.line())))))).toList();
        return log(List.of(new Run(new Tool(new Driver("gantry-lint", rules)), results)));
    }

    /**
     * A SARIF 2.1.0 log of the given runs.
     *
     * @param runs one run per tool invocation (the vulnerability scan writes one per platform)
     * @return the log, with {@code $schema} and {@code version} set
     */
    public static Log log(List<Run> runs) {
        return new Log(SCHEMA, "2.1.0", List.copyOf(runs));
    }

    /**
     * The SARIF level for a severity on the scale scanners share: critical and high are errors, medium a
     * warning, the rest notes.
     *
     * @param severity critical, high, medium, low, negligible or unknown (any case)
     * @return error, warning or note
     */
    public static String level(String severity) {
        return switch (severity.toLowerCase(java.util.Locale.ROOT)) {
            case "critical", "high" -> "error";
            case "medium" -> "warning";
            default -> "note";
        };
    }

    private static int index(String id) {
        for (int i = 0; i < Rules.ALL.size(); i++) {
            if (Rules.ALL.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no rule " + id);
    }

    /**
     * A path as a SARIF artifact URI: a relative path stays a relative URI reference (SARIF resolves it against
     * the checkout, or the image's root for a path inside an image); an absolute one becomes {@code file:}.
     *
     * @param file the path
     * @return the URI text
     */
    public static String uri(String file) {
        Path path = Path.of(file);
        if (path.isAbsolute()) {
            return path.toUri().toASCIIString();
        }
        try {
            return new URI(null, null, file.replace('\\', '/'), null).toASCIIString();
        } catch (URISyntaxException e) {
            return file;
        }
    }
}
