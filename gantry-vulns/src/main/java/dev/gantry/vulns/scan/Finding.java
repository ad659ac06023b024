package dev.gantry.vulns.scan;

import dev.gantry.analysis.packages.CycloneDx;
import dev.gantry.vulns.db.Severity;
import dev.gantry.vulns.db.Status;

import java.util.List;

/**
 * One vulnerability in one package of one layer.
 *
 * @param id             the advisory's id
 * @param aliases        its other ids (CVE, GHSA, DSA/DLA), including ids of advisories folded into this one
 * @param pkg            the installed (binary) package
 * @param sourcePkg      the source package the advisory names, or null when it is the package itself
 * @param type           {@code deb}, {@code apk} or {@code rpm}, or a language package's {@code maven},
 *                       {@code pypi}, {@code npm}, {@code golang}, {@code cargo}
 * @param installed      the installed version of the package
 * @param matched        the version compared with the advisory (the source version when dpkg states one)
 * @param fixed          the first fixed version above it, or null when there is no fix yet
 * @param status         affected, unimportant, no-dsa, not-affected or undetermined
 * @param severity       the severity
 * @param severityText   what the advisory states (CVSS vector, Debian urgency), or null
 * @param note           the source's remark (no-dsa reason, end-of-life), or null
 * @param ecosystem      the advisory's ecosystem, e.g. {@code Debian:12}
 * @param advisorySource the file or URL the advisory was imported from
 * @param layer          0-based index of the layer that installed this version
 * @param layerDigest    that layer's digest
 * @param createdBy      that layer's history line, or null
 * @param database       the package database that lists the package; for a language package the file that holds
 *                       it, {@code !/}-joined inside archives
 * @param inFinalImage   false for a version a later layer replaced or removed ({@code --layers})
 * @param replacedLayer  the layer that replaced or removed it, or null when in the final image
 * @param replacedBy     the version that layer left, or null (removed, or in the final image)
 * @param purl           the package's purl, what VEX statements name ({@link #bomRef()} names its CycloneDX
 *                       component)
 */
public record Finding(String id, List<String> aliases, String pkg, String sourcePkg, String type, String installed,
                      String matched, String fixed, Status status, Severity severity, String severityText, String note,
                      String ecosystem, String advisorySource, int layer, String layerDigest, String createdBy,
                      String database, boolean inFinalImage, Integer replacedLayer, String replacedBy,
                      String purl) {

    /**
     * The {@code bom-ref} of the package's component in the CycloneDX BOM: the purl, and for a language package
     * (which may be at several places) its location too.
     *
     * @return the bom-ref a CycloneDX vulnerability's {@code affects} names
     */
    public String bomRef() {
        return CycloneDx.bomRef(purl, language() ? database : null);
    }

    /**
     * Whether the package is a language package (Maven, PyPI, npm, Go, crates.io) rather than an OS one.
     *
     * @return true when {@link #database()} is the file holding the package, not a package database
     */
    public boolean language() {
        return VulnScanner.LANGUAGE_ECOSYSTEMS.containsKey(type);
    }
}
