package dev.gantry.analysis.packages;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.oci.Json;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A {@link PackageReport} as a CycloneDX 1.5 JSON BOM: the image as the container component,
 * the distribution as an operating-system component, every package a library component with
 * its purl and {@code gantry:layer:*} properties naming the layer that installed it and the one
 * that last changed it. No timestamp, and a serial number derived from the image digest, so the
 * same image always gives the same bytes. A scan's findings join it as the 1.5 {@code vulnerabilities}
 * array ({@link #bom(PackageReport, String, List)}), each affecting its package's component by
 * {@code bom-ref} (the purl) and carrying its triage as {@code analysis}.
 */
public final class CycloneDx {
    /** The CycloneDX specification version written as {@code specVersion}. */
    public static final String SPEC_VERSION = "1.5";

    private CycloneDx() {
    }

    /**
     * The report as a CycloneDX 1.5 BOM, deterministic: no timestamp, a serial number derived from the image
     * digest.
     *
     * @param report      the packages of one image
     * @param toolVersion Gantry's version, named as the tool that made the BOM
     * @return the BOM as a JSON tree, for the caller to serialise
     */
    public static ObjectNode bom(PackageReport report, String toolVersion) {
        ObjectNode bom = Json.mapper().createObjectNode();
        bom.put("bomFormat", "CycloneDX").put("specVersion", SPEC_VERSION)
                .put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes(report.imageDigest().getBytes(StandardCharsets.UTF_8)))
                .put("version", 1);
        ObjectNode metadata = bom.putObject("metadata");
        metadata.putObject("tools").putArray("components").addObject()
                .put("type", "application").put("name", "gantry").put("version", toolVersion);
        metadata.putObject("component").put("type", "container").put("bom-ref", report.imageDigest())
                .put("name", report.image()).put("version", report.imageDigest());
        ArrayNode components = bom.putArray("components");
        OsRelease os = report.os();
        if (os != null && os.id() != null) {
            ObjectNode c = components.addObject().put("type", "operating-system").put("bom-ref", "os:" + os.id())
                    .put("name", os.id());
            if (os.versionId() != null) {
                c.put("version", os.versionId());
            }
            if (os.prettyName() != null) {
                c.put("description", os.prettyName());
            }
        }
        for (InstalledPackage p : report.packages()) {
            String purl = purl(p, os);
            ObjectNode c = components.addObject().put("type", "library")
                    .put("bom-ref", bomRef(purl, p.language() ? p.database() : null));
            int colon = p.name().indexOf(':');
            if (p.type().equals("maven") && colon > 0) {
                c.put("group", p.name().substring(0, colon)).put("name", p.name().substring(colon + 1));
            } else {
                c.put("name", p.name());
            }
            c.put("version", p.version()).put("purl", purl);
            ArrayNode props = c.putArray("properties");
            prop(props, "gantry:package:type", p.type());
            prop(props, p.language() ? "gantry:package:location" : "gantry:package:database", p.database());
            if (p.source() != null) {
                prop(props, "gantry:package:source", p.source());
            }
            prop(props, "gantry:layer:index", Integer.toString(p.layer()));
            prop(props, "gantry:layer:digest", p.layerDigest());
            prop(props, "gantry:layer:changedIndex", Integer.toString(p.changedLayer()));
            prop(props, "gantry:layer:changedDigest", p.changedDigest());
        }
        return bom;
    }

    /**
     * One vulnerability of the BOM, as CycloneDX 1.5 describes it.
     *
     * @param id             the vulnerability's id (CVE, GHSA, DSA...)
     * @param sourceName     who published the advisory (e.g. {@code debian-tracker}, {@code osv}), or null
     * @param aliases        its other ids, written as {@code references}
     * @param severity       critical, high, medium, low, info, none or unknown
     * @param vector         the CVSS vector the advisory gives, or null
     * @param recommendation what to do (the fixed version), or null
     * @param affectsRef     the affected component's {@code bom-ref} ({@link #bomRef})
     * @param version        the installed version, the one affected
     * @param analysis       the triage (VEX, ignore entry, distribution status), or null when there is none
     * @param properties     {@code gantry:*} properties: the layer, the package database, the status
     */
    public record Vulnerability(String id, String sourceName, List<String> aliases, String severity, String vector,
                                String recommendation, String affectsRef, String version, Analysis analysis,
                                Map<String, String> properties) {
    }

    /**
     * A vulnerability's triage, as CycloneDX's {@code analysis} object.
     *
     * @param state         resolved, exploitable, in_triage, false_positive or not_affected; null when the
     *                      triage is no claim about the state (an accepted risk)
     * @param justification CycloneDX's justification (code_not_present, code_not_reachable, ...), or null
     * @param detail        the reason in words, naming where it comes from
     */
    public record Analysis(String state, String justification, String detail) {
    }

    /**
     * The report as a CycloneDX 1.5 BOM with a {@code vulnerabilities} array.
     *
     * @param report          the packages of one image
     * @param toolVersion     Gantry's version
     * @param vulnerabilities the findings, in the order to write them
     * @return the BOM as a JSON tree
     */
    public static ObjectNode bom(PackageReport report, String toolVersion, List<Vulnerability> vulnerabilities) {
        ObjectNode bom = bom(report, toolVersion);
        ArrayNode out = bom.putArray("vulnerabilities");
        for (Vulnerability v : vulnerabilities) {
            ObjectNode node = out.addObject().put("bom-ref", v.id() + "/" + v.affectsRef()).put("id", v.id());
            if (v.sourceName() != null) {
                node.putObject("source").put("name", v.sourceName());
            }
            if (!v.aliases().isEmpty()) {
                ArrayNode refs = node.putArray("references");
                for (String alias : v.aliases()) {
                    refs.addObject().put("id", alias).putObject("source").put("name", sourceOf(alias));
                }
            }
            ObjectNode rating = node.putArray("ratings").addObject().put("severity", v.severity());
            if (v.sourceName() != null) {
                rating.putObject("source").put("name", v.sourceName());
            }
            if (v.vector() != null && v.vector().startsWith("CVSS:3")) {
                rating.put("method", v.vector().startsWith("CVSS:3.1") ? "CVSSv31" : "CVSSv3").put("vector", v.vector());
            }
            if (v.recommendation() != null) {
                node.put("recommendation", v.recommendation());
            }
            if (v.analysis() != null) {
                ObjectNode a = node.putObject("analysis");
                if (v.analysis().state() != null) {
                    a.put("state", v.analysis().state());
                }
                if (v.analysis().justification() != null) {
                    a.put("justification", v.analysis().justification());
                }
                a.put("detail", v.analysis().detail());
            }
            ObjectNode affects = node.putArray("affects").addObject().put("ref", v.affectsRef());
            affects.putArray("versions").addObject().put("version", v.version()).put("status", "affected");
            ArrayNode props = node.putArray("properties");
            v.properties().forEach((k, value) -> {
                if (value != null) {
                    prop(props, k, value);
                }
            });
        }
        return bom;
    }

    /**
     * A package component's {@code bom-ref}: its purl; a language package may be at several places (two copies of
     * one jar), so its location follows the purl after {@code #} and keeps bom-refs unique.
     *
     * @param purl     the package's purl ({@link #purl})
     * @param location a language package's location, or null for an OS package
     * @return the bom-ref, what a vulnerability's {@code affects} names
     */
    public static String bomRef(String purl, String location) {
        return location == null ? purl : purl + "#" + location;
    }

    /** Who names ids like this one: the id's prefix says (CVE by MITRE, GHSA by GitHub, DSA/DLA by Debian). */
    private static String sourceOf(String id) {
        int dash = id.indexOf('-');
        return dash > 0 ? id.substring(0, dash) : id;
    }

    /**
     * The package's purl, the {@code bom-ref} of an OS package's component ({@link #bomRef}):
     * {@code pkg:deb/debian/NAME@VERSION?arch=amd64&distro=debian-12}, {@code pkg:apk/alpine/...},
     * {@code pkg:rpm/rocky/NAME@VERSION-RELEASE?arch=x86_64&distro=rocky-9.3&epoch=1}; the namespace is os-release's
     * ID. rpm's epoch is the {@code epoch} qualifier, as the purl spec's rpm type has it, not part of the version.
     * A language package's purl names its ecosystem, not the distribution ({@link #languagePurl}).
     *
     * @param p  the package
     * @param os the distribution, or null
     * @return the purl
     */
    public static String purl(InstalledPackage p, OsRelease os) {
        if (p.language()) {
            return languagePurl(p);
        }
        String namespace = os != null && os.id() != null ? os.id() : switch (p.type()) {
            case "apk" -> "alpine";
            case "rpm" -> "redhat";
            default -> "debian";
        };
        Map<String, String> q = new HashMap<>();
        String version = p.version();
        if (p.type().equals("rpm")) {
            int colon = version.indexOf(':');
            if (colon > 0) {
                q.put("epoch", version.substring(0, colon));
                version = version.substring(colon + 1);
            }
        }
        q.put("arch", p.arch());
        q.put("distro", os == null ? null : os.distro());
        if (p.source() != null && !p.source().equals(p.name())) {
            q.put("upstream", p.sourceVersion() == null ? p.source() : p.source() + "@" + p.sourceVersion());
        }
        return Purl.of(p.type(), namespace, p.name(), version, q);
    }

    /**
     * {@code pkg:maven/GROUP/ARTIFACT@V}, {@code pkg:pypi/NAME@V}, {@code pkg:npm/%40SCOPE/NAME@V},
     * {@code pkg:golang/MODULE/PATH@V} (the module path's last element is the name), {@code pkg:cargo/NAME@V}.
     */
    static String languagePurl(InstalledPackage p) {
        String name = p.name();
        String namespace = null;
        switch (p.type()) {
            case "maven" -> {
                int colon = name.indexOf(':');
                if (colon >= 0) {
                    namespace = name.substring(0, colon);
                    name = name.substring(colon + 1);
                }
            }
            case "npm", "golang" -> {
                int slash = name.lastIndexOf('/');
                if (slash > 0) {
                    namespace = name.substring(0, slash);
                    name = name.substring(slash + 1);
                }
            }
            default -> {
            }
        }
        // a Go main module built from a work tree has no version ("(devel)"): its purl names none
        String version = p.type().equals("golang") && p.version().startsWith("(") ? null : p.version();
        return Purl.of(p.type(), namespace, name, version, Map.of());
    }

    private static void prop(ArrayNode props, String name, String value) {
        props.addObject().put("name", name).put("value", value);
    }
}
