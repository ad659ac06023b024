package dev.gantry.vulns.triage;

import java.time.LocalDate;
import java.util.Set;

/**
 * One line of an ignore file: a vulnerability accepted for a while, for a reason.
 *
 * @param id      the vulnerability id (or alias) it ignores
 * @param pkg     the package it is limited to (binary or source name, or a purl), or null for every package
 * @param until   the last day it holds (UTC)
 * @param reason  why, in words; required
 * @param file    the ignore file
 * @param line    its 1-based line
 */
public record IgnoreEntry(String id, String pkg, LocalDate until, String reason, String file, int line) {

    /**
     * Whether this entry covers a finding.
     *
     * @param findingIds    the finding's id and aliases
     * @param name          its package
     * @param purl          its package's purl
     * @param sourceName    its source package, or null
     * @param sourceVersion the version advisories compared
     * @return true when the id matches and the package, if named, is the finding's
     */
    public boolean covers(Set<String> findingIds, String name, String purl, String sourceName, String sourceVersion) {
        if (!findingIds.contains(id)) {
            return false;
        }
        if (pkg == null) {
            return true;
        }
        PurlPattern pattern = PurlPattern.parse(pkg);
        return pattern != null ? pattern.covers(purl, sourceName, sourceVersion) : pkg.equals(name) || pkg.equals(sourceName);
    }

    /**
     * Where it is, for a person: {@code .gantryignore-vulns:3}.
     *
     * @return file and line
     */
    public String origin() {
        return file + ":" + line;
    }
}
