package dev.gantry.cli.commands;

import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.transport.ImageSource;
import dev.gantry.validate.Finding;
import dev.gantry.validate.ImageValidator;
import dev.gantry.validate.LayerCheck;
import dev.gantry.validate.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;

@Command(name = "validate",
        description = {"Check every manifest and blob against its digest and size, every diff_id against the "
                + "uncompressed layer, and config/manifest consistency. Every platform of an index is checked.",
                "Exit 0 when valid, 1 with each mismatch listed, 2 when the image cannot be read at all."})
public final class ValidateCommand extends ImageCommand {
    @Option(names = "--fast", description = "check stored digests and sizes only; skip decompressing layers and diff_ids")
    boolean fast;

    @Option(names = "--jobs", paramLabel = "N", description = "layers checked at once (default: the number of cores)")
    Integer jobs;

    @Override
    public Integer call() throws Exception {
        ValidationReport report;
        try (ImageSource source = openSource()) {
            ImageValidator validator = jobs == null ? new ImageValidator(source, fast) : new ImageValidator(source, fast, jobs);
            report = validator.validate();
        }
        if (json) {
            Output.json(out(), new Result(report.ok(), report));
        } else {
            print(report);
        }
        return report.ok() ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
    }

    record Result(boolean valid, ValidationReport report) {
    }

    private void print(ValidationReport report) {
        PrintWriter out = out();
        out.println(report.source() + " " + report.rootDigest());
        double seconds = report.millis() / 1000.0;
        out.printf(Locale.ROOT, "checked %d manifest(s), %d blob(s): %s read%s in %.2f s%n", report.manifests(), report.blobs(),
                Sizes.human(report.bytesRead()), fast ? "" : ", " + Sizes.human(report.uncompressedBytes()) + " uncompressed", seconds);
        for (LayerCheck l : report.layers()) {
            boolean good = l.digest().equals(l.actualDigest()) && (l.actualDiffId() == null || l.actualDiffId().equals(l.diffId()));
            out.println("  layer " + l.digest() + " " + Sizes.human(l.actualSize())
                    + (l.uncompressed() >= 0 ? " (" + Sizes.human(l.uncompressed()) + " uncompressed, " + l.entries() + " entries)" : "")
                    + (good ? " ok" : ""));
        }
        long errors = report.findings().stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        long warnings = report.findings().size() - errors;
        for (Finding f : report.findings()) {
            out.println(f);
        }
        out.println(report.ok() ? "valid" + (warnings > 0 ? " (" + warnings + " warning(s))" : "")
                : "INVALID: " + errors + " error(s), " + warnings + " warning(s)");
        out.flush();
    }
}
