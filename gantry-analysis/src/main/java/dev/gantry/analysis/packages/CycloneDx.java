package dev.gantry.analysis.packages;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.oci.Json;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A {@link PackageReport} as a CycloneDX 1.5 JSON BOM: the image as the container component,
 * the distribution as an operating-system component, every package a library component with
 * its purl and {@code gantry:layer:*} properties naming the layer that installed it and the one
 * that last changed it. No timestamp, and a serial number derived from the image digest, so the
 * same image always gives the same bytes.
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
            // a language package may be at several places (two copies of one jar): its location keeps bom-refs unique
            ObjectNode c = components.addObject().put("type", "library")
                    .put("bom-ref", p.language() ? purl + "#" + p.database() : purl);
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

    /** {@code pkg:deb/debian/NAME@VERSION?arch=amd64&distro=debian-12}, {@code pkg:apk/alpine/...}; the namespace is os-release's ID. */
    static String purl(InstalledPackage p, OsRelease os) {
        if (p.language()) {
            return languagePurl(p);
        }
        String namespace = os != null && os.id() != null ? os.id() : p.type().equals("apk") ? "alpine" : "debian";
        Map<String, String> q = new HashMap<>();
        q.put("arch", p.arch());
        q.put("distro", os == null ? null : os.distro());
        if (p.source() != null && !p.source().equals(p.name())) {
            q.put("upstream", p.sourceVersion() == null ? p.source() : p.source() + "@" + p.sourceVersion());
        }
        return Purl.of(p.type(), namespace, p.name(), p.version(), q);
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
