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
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private Sarif() {
    }

    public record Log(@JsonProperty("$schema") String schema, String version, List<Run> runs) {
    }

    public record Run(Tool tool, List<Result> results) {
    }

    public record Tool(Driver driver) {
    }

    public record Driver(String name, List<ReportingDescriptor> rules) {
    }

    public record ReportingDescriptor(String id, String name, Text shortDescription, Text help,
                                      Map<String, String> defaultConfiguration, Map<String, String> properties) {
    }

    public record Text(String text) {
    }

    public record Result(String ruleId, int ruleIndex, String level, Text message, List<Location> locations) {
    }

    public record Location(PhysicalLocation physicalLocation) {
    }

    public record PhysicalLocation(Map<String, String> artifactLocation, Map<String, Integer> region) {
    }

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
