package dev.gantry.vulns.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.analysis.packages.CycloneDx;
import dev.gantry.vulns.scan.Finding;
import dev.gantry.vulns.triage.Triage;
import dev.gantry.vulns.triage.TriagedFinding;
import dev.gantry.vulns.triage.TriagedReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scan results as a CycloneDX 1.5 BOM with {@code vulnerabilities}, through the analysis module's
 * BOM writer ({@link CycloneDx}): the components are {@code gantry packages --format cyclonedx}'s,
 * each finding a vulnerability affecting its package's component, its triage (VEX, ignore entry,
 * distribution status) as {@code analysis}, so the BOM is itself a VEX document another scan can read.
 */
public final class VulnCycloneDx {
    private VulnCycloneDx() {
    }

    /**
     * The report as a CycloneDX 1.5 BOM.
     *
     * @param report         one scanned image
     * @param toolVersion    Gantry's version
     * @param showSuppressed whether suppressed findings are written (with their analysis)
     * @return the BOM
     */
    public static ObjectNode bom(TriagedReport report, String toolVersion, boolean showSuppressed) {
        List<CycloneDx.Vulnerability> vulns = new ArrayList<>();
        for (TriagedFinding t : report.shown(showSuppressed)) {
            Finding f = t.finding();
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("gantry:layer:index", Integer.toString(f.layer()));
            properties.put("gantry:layer:digest", f.layerDigest());
            properties.put(f.language() ? "gantry:package:location" : "gantry:package:database", f.database());
            properties.put("gantry:vulns:status", f.status().toString());
            properties.put("gantry:vulns:inFinalImage", Boolean.toString(f.inFinalImage()));
            properties.put("gantry:vulns:advisorySource", f.advisorySource());
            vulns.add(new CycloneDx.Vulnerability(f.id(), source(f), f.aliases(), severity(f), vector(f.severityText()),
                    f.fixed() == null ? null : "Upgrade to " + f.fixed() + " or later", f.bomRef(), f.installed(),
                    analysis(t.triage()), properties));
        }
        return CycloneDx.bom(report.report().listing(), toolVersion, vulns);
    }

    private static String source(Finding f) {
        String s = f.advisorySource();
        return s == null ? null : s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
    }

    /** CycloneDX's severity words: critical, high, medium, low, info, none, unknown. */
    private static String severity(Finding f) {
        return switch (f.severity()) {
            case NEGLIGIBLE -> "info";
            default -> f.severity().toString();
        };
    }

    private static String vector(String text) {
        return text != null && text.startsWith("CVSS:3") ? text.split("\\s")[0] : null;
    }

    /** OpenVEX statuses and justifications in CycloneDX's words; an ignore entry is no claim about the state. */
    private static CycloneDx.Analysis analysis(Triage t) {
        if (t == null) {
            return null;
        }
        String state = switch (t.kind()) {
            case IGNORE -> null;
            case DISTRIBUTION -> "not_affected";
            case VEX -> switch (t.state()) {
                case "not_affected" -> "not_affected";
                case "fixed" -> "resolved";
                case "affected" -> "exploitable";
                default -> "in_triage";
            };
        };
        String justification = t.justification() == null ? null : switch (t.justification()) {
            case "component_not_present", "vulnerable_code_not_present", "code_not_present" -> "code_not_present";
            case "vulnerable_code_not_in_execute_path", "code_not_reachable" -> "code_not_reachable";
            case "vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment" -> "requires_environment";
            case "inline_mitigations_already_exist", "protected_by_mitigating_control" -> "protected_by_mitigating_control";
            case "requires_configuration", "requires_dependency", "protected_by_compiler", "protected_at_runtime",
                 "protected_at_perimeter" -> t.justification();
            default -> null;
        };
        return new CycloneDx.Analysis(state, justification, t.why());
    }
}
