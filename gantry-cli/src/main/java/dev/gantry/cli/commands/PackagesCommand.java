package dev.gantry.cli.commands;

import dev.gantry.analysis.packages.CycloneDx;
import dev.gantry.analysis.packages.InstalledPackage;
import dev.gantry.analysis.packages.PackageReport;
import dev.gantry.analysis.packages.PackageScanner;
import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Table;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

@Command(name = "packages",
        description = {"List the OS packages of an image (dpkg status, distroless status.d, apk installed db, rpm's SQLite "
                + "rpmdb.sqlite) with the "
                + "layer that installed each and the layer that last changed its version; packages removed by a later "
                + "layer are not listed. A database that cannot be read (rpm's older Berkeley DB or ndb formats, a damaged file) "
                + "is reported as not read, with the reason.",
                "Language packages too, each with the file that holds it (PATH): Maven artifacts in jars, wars and ears "
                        + "(pom.properties, else the manifest; nested jars as OUTER!/INNER), Python dist-info/egg-info, "
                        + "node_modules package.json, Go binaries' modules and Go version. A file a later layer deletes "
                        + "or replaces takes its packages with it.",
                "--format cyclonedx writes a CycloneDX 1.5 JSON BOM with package URLs and the layer digests."})
public final class PackagesCommand extends ImageCommand {
    enum Format { table, json, cyclonedx }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or cyclonedx (default: ${DEFAULT-VALUE}; --json is json)")
    Format format;

    @Override
    public Integer call() throws Exception {
        PackageReport report;
        try (ImageSource source = openSource()) {
            report = new PackageScanner(new LayerWalker()).scan(openImage(source), ref);
        }
        Format chosen = json ? Format.json : format;
        switch (chosen) {
            case json -> Output.json(out(), report);
            case cyclonedx -> Output.json(out(), CycloneDx.bom(report, version()));
            case table -> print(report);
        }
        for (String note : report.notes()) {
            err().println("note: " + note);
        }
        err().flush();
        return 0;
    }

    private static String version() {
        String v = PackagesCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private void print(PackageReport report) {
        PrintWriter out = out();
        Table table = new Table("NAME", "VERSION", "ARCH", "TYPE", "SOURCE", "INSTALLED IN", "CHANGED IN", "PATH");
        for (InstalledPackage p : report.packages()) {
            table.row(p.name(), p.version(), p.arch() == null ? "" : p.arch(), p.type(), p.source() == null ? "" : p.source(),
                    p.layer() + " " + p.layerDigest().substring(7, 19),
                    p.changedLayer() == p.layer() ? "-" : p.changedLayer() + " " + p.changedDigest().substring(7, 19),
                    p.language() ? p.database() : "");
        }
        table.print(out);
        out.println(report.packages().size() + " package(s)" + (report.os() == null || report.os().prettyName() == null
                ? "" : " on " + report.os().prettyName()));
        out.flush();
    }
}
