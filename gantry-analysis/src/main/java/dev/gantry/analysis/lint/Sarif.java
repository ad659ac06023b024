package dev.gantry.analysis.lint;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A lint report as SARIF 2.1.0 (the format GitHub code scanning and most CI viewers read):
 * one run whose driver lists every rule, one result per finding with its physical location.
 * Serialise the returned record with the project's Json mapper.
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
     * The linter and every rule it knows, whether or not it found something.
     *
     * @param name  "gantry-lint"
     * @param rules every rule, in {@link Rules#ALL} order
     */
    public record Driver(String name, List<ReportingDescriptor> rules) {
    }

    /**
     * One rule as SARIF describes it.
     *
     * @param id                   the rule's {@code GLnnn}
     * @param name                 the rule's title
     * @param shortDescription     the rule's title
     * @param help                 the rule's fix
     * @param defaultConfiguration {@code level}: the rule's SARIF level
     * @param properties           {@code hadolint}: the matching hadolint id, or null when there is none
     */
    public record ReportingDescriptor(String id, String name, Text shortDescription, Text help,
                                      Map<String, String> defaultConfiguration, Map<String, String> properties) {
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
     * @param ruleId    the rule's {@code GLnnn}
     * @param ruleIndex the rule's position in the driver's rules
     * @param level     error, warning or note
     * @param message   the finding's message and the rule's fix
     * @param locations where: the file and line
     */
    public record Result(String ruleId, int ruleIndex, String level, Text message, List<Location> locations) {
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
     * @param region           {@code startLine}: the 1-based line
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
        return new Log(SCHEMA, "2.1.0", List.of(new Run(new Tool(new Driver("gantry-lint", rules)), results)));
    }

    private static int index(String id) {
        for (int i = 0; i < Rules.ALL.size(); i++) {
            if (Rules.ALL.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no rule " + id);
    }

    /** A relative path stays a relative URI reference (SARIF resolves it against the checkout); an absolute one becomes file:. */
    private static String uri(String file) {
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
