package dev.gantry.vulns.triage;

import dev.gantry.vulns.scan.Finding;

/**
 * A finding and what triage says about it.
 *
 * @param finding the finding
 * @param triage  the statement, entry or status that applies, or null when none does
 */
public record TriagedFinding(Finding finding, Triage triage) {
    /**
     * Whether the finding no longer counts: not shown by default, not failing the gate.
     *
     * @return true when its triage suppresses it
     */
    public boolean suppressed() {
        return triage != null && triage.suppresses();
    }
}
