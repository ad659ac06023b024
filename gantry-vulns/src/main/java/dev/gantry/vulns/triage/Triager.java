package dev.gantry.vulns.triage;

import dev.gantry.vulns.db.Status;
import dev.gantry.vulns.scan.Finding;
import dev.gantry.vulns.scan.VulnReport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies VEX statements and ignore entries to a scan. For each finding the latest applicable VEX
 * statement decides (OpenVEX's rule; ties go to the one read last); failing that, the first
 * ignore entry covering it; failing that, the advisory's own "not affected". VEX {@code affected}
 * and {@code under_investigation} annotate a finding without suppressing it.
 */
public final class Triager {
    private final List<VexStatement> vex;
    private final List<IgnoreEntry> ignores;

    /**
     * A triager over statements and entries already read (and checked for expiry).
     *
     * @param vex     the VEX statements, in reading order
     * @param ignores the ignore entries
     */
    public Triager(List<VexStatement> vex, List<IgnoreEntry> ignores) {
        this.vex = List.copyOf(vex);
        this.ignores = List.copyOf(ignores);
    }

    /**
     * Triages every finding of a scan.
     *
     * @param report       the scan
     * @param platform     the image's platform when picked from an index, or null
     * @param imageDigests the digests VEX products may name for this image: its manifest's, and its index's
     * @return the scan with each finding's triage
     */
    public TriagedReport apply(VulnReport report, String platform, Set<String> imageDigests) {
        List<TriagedFinding> out = new ArrayList<>(report.findings().size());
        for (Finding f : report.findings()) {
            out.add(new TriagedFinding(f, triage(f, imageDigests)));
        }
        return new TriagedReport(report, platform, List.copyOf(out));
    }

    private Triage triage(Finding f, Set<String> imageDigests) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(f.id());
        ids.addAll(f.aliases());
        String sourceName = f.sourcePkg();
        VexStatement latest = null;
        for (VexStatement s : vex) {
            if ((latest == null || s.order() >= latest.order())
                    && s.appliesTo(ids, f.purl(), sourceName, f.matched(), imageDigests)) {
                latest = s;
            }
        }
        if (latest != null) {
            return new Triage(Triage.Kind.VEX, latest.status().suppresses(), latest.status().toString(),
                    latest.justification(), latest.detail(), latest.origin());
        }
        for (IgnoreEntry e : ignores) {
            if (e.covers(ids, f.pkg(), f.purl(), sourceName, f.matched())) {
                return new Triage(Triage.Kind.IGNORE, true, "ignored", null, e.reason() + "; until " + e.until(),
                        e.origin());
            }
        }
        if (f.status() == Status.NOT_AFFECTED) {
            return new Triage(Triage.Kind.DISTRIBUTION, true, Status.NOT_AFFECTED.toString(), null, f.note(),
                    f.advisorySource());
        }
        return null;
    }
}
