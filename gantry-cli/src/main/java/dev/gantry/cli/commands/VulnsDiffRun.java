package dev.gantry.cli.commands;

import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Table;
import dev.gantry.vulns.report.VulnDiff;
import dev.gantry.vulns.scan.Finding;
import dev.gantry.vulns.triage.TriagedReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code gantry diff A B --vulns}: both images scanned and triaged as {@code gantry vulns} does, then
 * compared. Reached only through {@link DiffCommand#call()} with {@code --vulns}; its signature has no
 * vulns-module type, so loading {@code DiffCommand} loads none.
 */
final class VulnsDiffRun {
    private VulnsDiffRun() {
    }

    /** A finding as the --json diff lists it. */
    record JsonFinding(String id, List<String> aliases, String pkg, String sourcePackage, String installed, String fixed,
                       String severity, String status, int layer, String layerDigest, String purl) {
        static JsonFinding of(Finding f) {
            return new JsonFinding(f.id(), f.aliases(), f.pkg(), f.sourcePkg(), f.installed(), f.fixed(),
                    f.severity().toString(), f.status().toString(), f.layer(), f.layerDigest(), f.purl());
        }
    }

    /** The --json diff. */
    record Result(String before, String beforeDigest, String after, String afterDigest, List<JsonFinding> fixed,
                  List<JsonFinding> introduced, int unchanged) {
    }

    static int run(DiffCommand c) throws IOException {
        VulnScans scans = VulnScans.prepare(c.triage);
        TriagedReport a = scans.scan(c.ref, c.remote.options(), c.requestedPlatform(), false, false).getFirst();
        TriagedReport b = scans.scan(c.second, c.remote.options(), c.requestedPlatform(), false, false).getFirst();
        VulnDiff diff = VulnDiff.of(a, b);
        PrintWriter out = c.out();
        if (c.json) {
            Output.json(out, new Result(c.ref, a.report().imageDigest(), c.second, b.report().imageDigest(),
                    diff.fixed().stream().map(JsonFinding::of).toList(),
                    diff.introduced().stream().map(JsonFinding::of).toList(), diff.unchanged().size()));
        } else {
            out.println("--- " + c.ref + " " + a.report().imageDigest());
            out.println("+++ " + c.second + " " + b.report().imageDigest());
            table(out, "fixed", "-", diff.fixed());
            table(out, "introduced", "+", diff.introduced());
            out.println(diff.fixed().size() + " fixed, " + diff.introduced().size() + " introduced, "
                    + diff.unchanged().size() + " unchanged");
            out.flush();
        }
        return diff.differs() ? Main.EXIT_CHECK_FAILED : Main.EXIT_OK;
    }

    private static void table(PrintWriter out, String what, String mark, List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        out.println(what + ":");
        Table table = new Table("  ID", "PACKAGE", "INSTALLED", "FIXED", "SEVERITY", "LAYER");
        for (Finding f : findings) {
            table.row(mark + " " + f.id(), f.sourcePkg() == null ? f.pkg() : f.pkg() + " (" + f.sourcePkg() + ")",
                    f.installed(), f.fixed() == null ? "no fix yet" : f.fixed(), f.severity().toString(),
                    f.layer() + " " + f.layerDigest().substring(0, Math.min(19, f.layerDigest().length())));
        }
        table.print(out);
    }
}
