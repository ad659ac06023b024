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
            ObjectNode c = components.addObject().put("type", "library").put("bom-ref", purl).put("name", p.name())
                    .put("version", p.version()).put("purl", purl);
            ArrayNode props = c.putArray("properties");
            prop(props, "gantry:package:type", p.type());
            prop(props, "gantry:package:database", p.database());
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
     * {@code pkg:deb/debian/NAME@VERSION?arch=amd64&distro=debian-12}, {@code pkg:apk/alpine/...},
     * {@code pkg:rpm/rocky/NAME@VERSION-RELEASE?arch=x86_64&distro=rocky-9.3&epoch=1}; the namespace is os-release's
     * ID. rpm's epoch is the {@code epoch} qualifier, as the purl spec's rpm type has it, not part of the version.
     */
    static String purl(InstalledPackage p, OsRelease os) {
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

    private static void prop(ArrayNode props, String name, String value) {
        props.addObject().put("name", name).put("value", value);
    }
}
