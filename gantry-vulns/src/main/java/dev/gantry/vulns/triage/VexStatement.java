package dev.gantry.vulns.triage;

import java.util.List;
import java.util.Set;

/**
 * One VEX statement, from an OpenVEX document or a CycloneDX VEX {@code vulnerabilities} entry.
 * It applies to a finding when one of its ids is the finding's id or alias, and a product is the
 * finding's package (by purl) or the scanned image (by digest) with no subcomponents or a
 * subcomponent that is the package. A statement with no products applies to every package.
 *
 * @param ids           the vulnerability's name and aliases
 * @param products      the products' identifiers: purls, {@code pkg:oci/...@sha256:...}, image digests
 * @param subcomponents the packages inside an image product the statement is about (purls); empty for all
 * @param status        the status
 * @param justification the justification as the document states it, or null
 * @param detail        the impact statement (OpenVEX) or detail (CycloneDX), or null
 * @param file          the document it comes from
 * @param where         which statement in it: {@code statement 2}, {@code vulnerabilities[0]}
 * @param order         the statement's timestamp (epoch seconds), or the order it was read in when it has none:
 *                      when several statements apply, the latest wins
 */
public record VexStatement(List<String> ids, List<String> products, List<String> subcomponents, VexStatus status,
                           String justification, String detail, String file, String where, long order) {

    /**
     * Whether this statement is about a finding.
     *
     * @param findingIds    the finding's id and aliases
     * @param purl          the finding's package purl
     * @param sourceName    the package's source package, or null
     * @param sourceVersion the version the advisories compared (the source version)
     * @param imageDigests  the digests of the scanned image (and of the index it was picked from)
     * @return true when it applies
     */
    public boolean appliesTo(Set<String> findingIds, String purl, String sourceName, String sourceVersion,
                             Set<String> imageDigests) {
        if (ids.stream().noneMatch(findingIds::contains)) {
            return false;
        }
        if (products.isEmpty()) {
            return true;
        }
        for (String product : products) {
            String digest = ProductRef.digest(product);
            if (digest != null && imageDigests.contains(digest)) {
                if (subcomponents.isEmpty() || subcomponents.stream().anyMatch(s -> covers(s, purl, sourceName, sourceVersion))) {
                    return true;
                }
            } else if (covers(product, purl, sourceName, sourceVersion)) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(String ref, String purl, String sourceName, String sourceVersion) {
        PurlPattern pattern = PurlPattern.parse(ref);
        return pattern != null && !pattern.type().equals("oci") && pattern.covers(purl, sourceName, sourceVersion);
    }

    /**
     * Where the statement comes from, for a person: {@code vex.json statement 2}.
     *
     * @return the file and the statement
     */
    public String origin() {
        return file + " " + where;
    }
}
