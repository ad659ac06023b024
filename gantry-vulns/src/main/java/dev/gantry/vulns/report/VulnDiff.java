package dev.gantry.vulns.report;

import dev.gantry.vulns.scan.Finding;
import dev.gantry.vulns.triage.TriagedFinding;
import dev.gantry.vulns.triage.TriagedReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vulnerability findings of two images compared: which the second fixed, which it introduced,
 * and how many both have. Findings are the final images' and not suppressed; one is the same in
 * both when its id and package are (an upgrade that stays vulnerable is unchanged, with both versions
 * shown by the caller if it wants).
 *
 * @param fixed      findings of the first image the second does not have
 * @param introduced findings of the second image the first does not have
 * @param unchanged  findings both have, as the second image has them
 */
public record VulnDiff(List<Finding> fixed, List<Finding> introduced, List<Finding> unchanged) {

    /**
     * Compares two triaged scans.
     *
     * @param before the first image's
     * @param after  the second image's
     * @return the difference
     */
    public static VulnDiff of(TriagedReport before, TriagedReport after) {
        Map<String, Finding> a = counted(before);
        Map<String, Finding> b = counted(after);
        List<Finding> fixed = new ArrayList<>();
        List<Finding> introduced = new ArrayList<>();
        List<Finding> unchanged = new ArrayList<>();
        a.forEach((key, f) -> (b.containsKey(key) ? unchanged : fixed).add(b.getOrDefault(key, f)));
        b.forEach((key, f) -> {
            if (!a.containsKey(key)) {
                introduced.add(f);
            }
        });
        return new VulnDiff(List.copyOf(fixed), List.copyOf(introduced), List.copyOf(unchanged));
    }

    /**
     * {@return whether the images' findings differ}
     */
    public boolean differs() {
        return !fixed.isEmpty() || !introduced.isEmpty();
    }

    private static Map<String, Finding> counted(TriagedReport report) {
        Map<String, Finding> out = new LinkedHashMap<>();
        for (TriagedFinding t : report.findings()) {
            Finding f = t.finding();
            if (f.inFinalImage() && !t.suppressed()) {
                out.putIfAbsent(f.id() + " " + f.pkg(), f);
            }
        }
        return out;
    }
}
