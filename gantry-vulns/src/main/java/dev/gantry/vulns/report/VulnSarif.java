package dev.gantry.vulns.report;

import dev.gantry.analysis.lint.Sarif;
import dev.gantry.vulns.scan.Finding;
import dev.gantry.vulns.triage.TriagedFinding;
import dev.gantry.vulns.triage.TriagedReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scan results as SARIF 2.1.0, through the analysis module's one SARIF writer ({@link Sarif}): one
 * run per scanned image (one per platform with {@code --all}), one rule per vulnerability id, one
 * result per finding located at the package database inside the image, with the layer, package and
 * versions as properties and the level from the severity. Suppressed findings (listed only with
 * {@code --show-suppressed}) carry a SARIF {@code suppressions} entry saying why.
 */
public final class VulnSarif {
    private VulnSarif() {
    }

    /**
     * The reports as one SARIF log.
     *
     * @param reports        one per scanned image
     * @param toolVersion    Gantry's version
     * @param showSuppressed whether suppressed findings are written (with their suppression)
     * @return the log, for the project's Json mapper
     */
    public static Sarif.Log of(List<TriagedReport> reports, String toolVersion, boolean showSuppressed) {
        List<Sarif.Run> runs = new ArrayList<>();
        for (TriagedReport report : reports) {
            runs.add(run(report, toolVersion, showSuppressed));
        }
        return Sarif.log(runs);
    }

    private static Sarif.Run run(TriagedReport report, String toolVersion, boolean showSuppressed) {
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<Sarif.ReportingDescriptor> rules = new ArrayList<>();
        List<Sarif.Result> results = new ArrayList<>();
        for (TriagedFinding t : report.shown(showSuppressed)) {
            Finding f = t.finding();
            Integer index = ruleIndex.get(f.id());
            if (index == null) {
                index = rules.size();
                ruleIndex.put(f.id(), index);
                rules.add(rule(f));
            }
            String fixed = f.fixed() == null ? "no fix yet" : "fixed in " + f.fixed();
            String message = f.id() + " in " + f.pkg() + (f.sourcePkg() == null ? "" : " (source " + f.sourcePkg() + ")")
                    + " " + f.installed() + ": " + fixed + "; " + f.severity() + ", " + f.status() + "; installed by layer "
                    + f.layer() + " " + f.layerDigest() + (f.inFinalImage() ? "" : " (hidden: replaced in layer "
                    + f.replacedLayer() + ")");
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("image", report.report().image());
            properties.put("imageDigest", report.report().imageDigest());
            if (report.platform() != null) {
                properties.put("platform", report.platform());
            }
            properties.put("layer", f.layer());
            properties.put("layerDigest", f.layerDigest());
            if (f.createdBy() != null) {
                properties.put("createdBy", f.createdBy());
            }
            properties.put("package", f.pkg());
            properties.put("purl", f.purl());
            properties.put("installedVersion", f.installed());
            if (f.fixed() != null) {
                properties.put("fixedVersion", f.fixed());
            }
            properties.put("status", f.status().toString());
            properties.put("inFinalImage", f.inFinalImage());
            List<Sarif.Suppression> suppressions = t.suppressed()
                    ? List.of(new Sarif.Suppression("external", "accepted", t.triage().why())) : null;
            results.add(new Sarif.Result(f.id(), index, Sarif.level(f.severity().toString()), new Sarif.Text(message),
                    List.of(new Sarif.Location(new Sarif.PhysicalLocation(Map.of("uri", Sarif.uri(f.database())), null))),
                    Map.of("gantryFinding/v1", f.id() + "|" + f.purl() + "|" + f.layerDigest()), properties, suppressions));
        }
        return new Sarif.Run(new Sarif.Tool(new Sarif.Driver("gantry-vulns", toolVersion, null, rules)), results);
    }

    private static Sarif.ReportingDescriptor rule(Finding f) {
        String title = f.id() + (f.aliases().isEmpty() ? "" : " (" + String.join(", ", f.aliases()) + ")");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("tags", List.of("security", "vulnerability"));
        String score = securitySeverity(f);
        if (score != null) {
            properties.put("security-severity", score);
        }
        String help = f.fixed() == null ? "No fixed version is known yet." : "Upgrade " + (f.sourcePkg() == null ? f.pkg()
                : "the packages of source " + f.sourcePkg()) + " to " + f.fixed() + " or later.";
        return new Sarif.ReportingDescriptor(f.id(), f.id(), new Sarif.Text(title), new Sarif.Text(help),
                Map.of("level", Sarif.level(f.severity().toString())), properties);
    }

    /** GitHub code scanning ranks security results by this property: a CVSS-like score per severity band. */
    private static String securitySeverity(Finding f) {
        return switch (f.severity()) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "2.0";
            case NEGLIGIBLE -> "0.1";
            case UNKNOWN -> null;
        };
    }
}
