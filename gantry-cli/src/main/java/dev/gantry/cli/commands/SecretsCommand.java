package dev.gantry.cli.commands;

import dev.gantry.analysis.secrets.AllowList;
import dev.gantry.analysis.secrets.SecretFinding;
import dev.gantry.analysis.secrets.SecretReport;
import dev.gantry.analysis.secrets.SecretRules;
import dev.gantry.analysis.secrets.SecretScanner;
import dev.gantry.analysis.secrets.Severity;
import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Table;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

@Command(name = "secrets",
        description = {"Find leaked secrets in every layer, including files later layers delete or replace "
                + "(hidden but still extractable), and in the config's env, labels and history: private keys, "
                + "cloud and registry credentials, tokens, .env, .npmrc, .git-credentials, kubeconfigs, passwords.",
                "Each finding shows a redacted excerpt and a fingerprint for --allow files.",
                "Exit 0 when clean, 1 when a finding reaches --fail-on, 2 when the image cannot be read."})
public final class SecretsCommand extends ImageCommand {
    @Option(names = "--allow", paramLabel = "FILE",
            description = "accepted findings, one per line: rule:ID, path:GLOB or fingerprint:HEX (# comments)")
    Path allowFile;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "low",
            description = "lowest severity that fails (exit 1): low, medium, high or critical (default: ${DEFAULT-VALUE})")
    String failOn;

    @Option(names = "--max-file-bytes", paramLabel = "N", defaultValue = "" + SecretScanner.DEFAULT_MAX_FILE_BYTES,
            description = "bytes scanned at the start of each file (default: ${DEFAULT-VALUE})")
    int maxFileBytes;

    record Result(SecretReport report, String failOn, boolean failed) {
    }

    @Override
    public Integer call() throws Exception {
        if (maxFileBytes <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-file-bytes must be at least 1 (got " + maxFileBytes + ")");
        }
        Severity threshold = Severity.parse(failOn);
        AllowList allow = allowFile == null ? AllowList.NONE : AllowList.read(allowFile);
        SecretReport report;
        try (ImageSource source = openSource()) {
            SecretScanner scanner = new SecretScanner(SecretRules.defaults(), allow, maxFileBytes, new LayerWalker());
            report = scanner.scan(openImage(source), ref);
        }
        boolean failed = !report.atLeast(threshold).isEmpty();
        if (json) {
            Output.json(out(), new Result(report, threshold.toString(), failed));
        } else {
            print(report);
        }
        return failed ? Main.EXIT_CHECK_FAILED : Main.EXIT_OK;
    }

    private void print(SecretReport report) {
        PrintWriter out = out();
        List<SecretFinding> findings = report.findings();
        if (!findings.isEmpty()) {
            Table table = new Table("SEVERITY", "STATUS", "LAYER", "PATH", "RULE", "EXCERPT", "FINGERPRINT");
            for (SecretFinding f : findings) {
                String status = f.status() + (f.hiddenBy() == null ? "" : " by " + f.hiddenBy());
                String layer = f.layer() == null ? "config" : f.layer() + " " + f.layerDigest().substring(7, 19);
                // a line number only means something in a file
                table.row(f.severity(), status, layer, f.path() + (f.layer() != null && f.line() > 0 ? ":" + f.line() : ""), f.rule(),
                        f.excerpt(), f.fingerprint());
            }
            table.print(out);
        }
        long hidden = findings.stream().filter(f -> f.status() == SecretFinding.Status.HIDDEN).count();
        long config = findings.stream().filter(f -> f.status() == SecretFinding.Status.CONFIG).count();
        out.println(findings.size() + " finding(s): " + (findings.size() - hidden - config) + " visible, " + hidden
                + " hidden (deleted or replaced, still in their layer), " + config + " in the config; "
                + report.filesScanned() + " file(s) in " + report.layers() + " layer(s) scanned, " + report.binaryFiles()
                + " binary, " + report.filesTruncated() + " scanned in part (first " + maxFileBytes + " bytes)"
                + (report.allowed() > 0 ? ", " + report.allowed() + " allowed" : ""));
        for (String hostile : report.hostileEntries()) {
            out.println("warning: not scanned: " + hostile);
        }
        out.flush();
    }
}
