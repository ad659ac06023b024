package dev.gantry.analysis.packages;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CycloneDxTest {
    /** purl-spec: scheme, type, optional namespace segments, name, optional @version, ?qualifiers with lower-case keys. */
    static final Pattern PURL = Pattern.compile(
            "pkg:[a-z][a-z0-9.+-]*(/[A-Za-z0-9.%_~-]+)+(@[A-Za-z0-9.%_~+-]+)?(\\?[a-z][a-z0-9.-]*=[A-Za-z0-9.%_~-]+(&[a-z][a-z0-9.-]*=[A-Za-z0-9.%_~-]+)*)?");

    @TempDir
    Path dir;

    @Test
    void bomHasCycloneDxRequiredFieldsPurlsAndLayerProperties() throws IOException {
        PackageReport report = PackageScannerTest.scan(PackageScannerTest.debianImage(dir));
        JsonNode bom = CycloneDx.bom(report, "test");
        assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.get("specVersion").asText()).isEqualTo("1.5");
        assertThat(bom.get("version").asInt()).isEqualTo(1);
        assertThat(bom.get("serialNumber").asText()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(bom.at("/metadata/component/type").asText()).isEqualTo("container");
        assertThat(bom.at("/metadata/component/version").asText()).isEqualTo(report.imageDigest());

        Set<String> refs = new HashSet<>();
        Map<String, JsonNode> byName = new HashMap<>();
        List<String> types = new ArrayList<>();
        for (JsonNode c : bom.get("components")) {
            assertThat(c.hasNonNull("type")).isTrue();
            assertThat(c.hasNonNull("name")).isTrue();
            assertThat(refs.add(c.get("bom-ref").asText())).as("bom-refs are unique").isTrue();
            types.add(c.get("type").asText());
            byName.put(c.get("name").asText(), c);
        }
        assertThat(types).containsExactly("operating-system", "library", "library", "library");
        assertThat(byName.get("debian").get("version").asText()).isEqualTo("12");

        JsonNode a = byName.get("gantry-a");
        assertThat(a.get("purl").asText()).matches(PURL)
                .isEqualTo("pkg:deb/debian/gantry-a@1%3A1.1-2?arch=amd64&distro=debian-12");
        assertThat(byName.get("gantry-b").get("purl").asText()).matches(PURL)
                .isEqualTo("pkg:deb/debian/gantry-b@2.36-9?arch=amd64&distro=debian-12&upstream=gantry-glibc%402.36-8");
        Map<String, String> props = new HashMap<>();
        a.get("properties").forEach(p -> props.put(p.get("name").asText(), p.get("value").asText()));
        assertThat(props).containsEntry("gantry:layer:index", "0").containsEntry("gantry:layer:changedIndex", "1")
                .containsEntry("gantry:layer:digest", report.packages().getFirst().layerDigest())
                .containsEntry("gantry:layer:changedDigest", report.packages().getFirst().changedDigest());
        assertThat(CycloneDx.bom(report, "test")).as("same image, same bytes").isEqualTo(bom);
    }

    @Test
    void apkPurlsUseTheAlpineNamespace() {
        InstalledPackage p = new InstalledPackage("apk", "libcrypto3", "3.1.4-r5", "x86_64", "openssl", null, 0,
                "sha256:" + "a".repeat(64), 0, "sha256:" + "a".repeat(64), "lib/apk/db/installed");
        String purl = CycloneDx.purl(p, new OsRelease("alpine", "3.19.1", null, null));
        assertThat(purl).matches(PURL).isEqualTo("pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl");
    }
}
