package dev.gantry.cli.commands;

import dev.gantry.analysis.lint.Finding;
import dev.gantry.analysis.lint.LintReport;
import dev.gantry.analysis.lint.Linter;
import dev.gantry.analysis.lint.Rules;
import dev.gantry.analysis.lint.Sarif;
import dev.gantry.analysis.lint.Severity;
import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Table;
import dev.gantry.dockerfile.Dockerfile;
import dev.gantry.dockerfile.DockerfileParser;
import dev.gantry.error.LimitExceededException;
import dev.gantry.oci.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "lint", description = {
        "Check a Dockerfile/Containerfile for cache-busting layer order, secrets left in layers, package caches, "
                + "toolchain images shipped, unpinned bases, running as root and the usual hadolint rules (GL001-GL027).",
        "Silence a rule for one instruction with a comment line above it: # gantry-lint ignore=GL003 "
                + "(# hadolint ignore=DL3009 works too).",
        "Exit 0 when nothing reaches --fail-on, 1 when something does, 2 on unreadable input."})
public final class LintCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DOCKERFILE", description = "file to check, - for stdin (default: Dockerfile)")
    String file = "Dockerfile";

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Option(names = "--sarif", description = "SARIF 2.1.0 output, for code-scanning tools")
    boolean sarif;

    @Option(names = "--ignore", paramLabel = "ID", split = ",", description = "rule to skip (GLnnn or its hadolint DLnnnn); repeatable")
    List<String> ignore = List.of();

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "lowest severity that makes the exit code 1: error, warning, info "
            + "or none (default: ${DEFAULT-VALUE})")
    String failOn = "warning";

    @Option(names = "--list-rules", description = "print every rule (id, hadolint id, severity, what it finds) and exit")
    boolean listRules;

    @Override
    public Integer call() throws Exception {
        if (listRules) {
            return listRules();
        }
        if (json && sarif) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--json and --sarif are exclusive: pick one");
        }
        Severity threshold = threshold();
        Linter linter = new Linter(new HashSet<>(ignore));
        Dockerfile dockerfile = file.equals("-") ? DockerfileParser.parse(stdin(), "-") : DockerfileParser.parse(Path.of(file));
        LintReport report = linter.lint(dockerfile);
        boolean failed = report.fails(threshold);
        PrintWriter out = spec.commandLine().getOut();
        if (sarif) {
            Output.json(out, Sarif.of(report));
        } else if (json) {
            Output.json(out, new Result(report.file(), failed, report.findings()));
        } else {
            print(out, report);
        }
        return failed ? Main.EXIT_CHECK_FAILED : Main.EXIT_OK;
    }

    /** --json: the file, whether a finding reached --fail-on, the findings by line. */
    record Result(String file, boolean failed, List<Finding> findings) {
    }

    private int listRules() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, Rules.ALL);
            return Main.EXIT_OK;
        }
        Table table = new Table("RULE", "HADOLINT", "SEVERITY", "FINDS");
        Rules.ALL.forEach(r -> table.row(r.id(), r.hadolint() == null ? "-" : r.hadolint(), r.severity(), r.title()));
        table.print(out);
        return Main.EXIT_OK;
    }

    private Severity threshold() {
        if (failOn.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--fail-on: " + e.getMessage() + " or none");
        }
    }

    private static String stdin() throws java.io.IOException {
        byte[] bytes = System.in.readNBytes((int) DockerfileParser.MAX_BYTES + 1);
        if (bytes.length > DockerfileParser.MAX_BYTES) {
            throw new LimitExceededException("standard input is larger than " + Json.describeSize(DockerfileParser.MAX_BYTES)
                    + ": is it really a Dockerfile?");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void print(PrintWriter out, LintReport report) {
        if (report.findings().isEmpty()) {
            out.println(report.file() + ": no findings");
            out.flush();
            return;
        }
        // One finding per line as hadolint prints them (FILE:LINE RULE severity: message), the fix
        // indented below: a table padded to the longest message and fix was ~400 columns wide.
        for (Finding f : report.findings()) {
            out.println(report.file() + ":" + f.line() + " " + f.id() + " " + f.severity() + ": " + f.message());
            out.println("    fix: " + f.fix());
        }
        Map<Severity, Long> counts = new java.util.EnumMap<>(Severity.class);
        report.findings().forEach(f -> counts.merge(f.severity(), 1L, Long::sum));
        out.println(report.file() + ": " + report.findings().size() + " finding(s): " + String.join(", ",
                counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
        out.flush();
    }
}
