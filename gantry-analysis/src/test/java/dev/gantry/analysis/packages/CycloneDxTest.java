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

    private static InstalledPackage language(String type, String name, String version) {
        String digest = "sha256:" + "b".repeat(64);
        return new InstalledPackage(type, name, version, null, null, null, 1, digest, 1, digest, "app/x");
    }

    @Test
    void languagePurlsFollowEachTypesNamespaceRules() {
        assertThat(CycloneDx.purl(language("maven", "org.apache.logging.log4j:log4j-core", "2.14.1"), null))
                .matches(PURL).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(CycloneDx.purl(language("maven", "org.osgi.thing", "4.5.6"), null)).isEqualTo("pkg:maven/org.osgi.thing@4.5.6");
        assertThat(CycloneDx.purl(language("pypi", "foo-bar", "1.0"), null)).matches(PURL).isEqualTo("pkg:pypi/foo-bar@1.0");
        assertThat(CycloneDx.purl(language("npm", "@babel/core", "7.0.0"), null))
                .matches(PURL).isEqualTo("pkg:npm/%40babel/core@7.0.0");
        assertThat(CycloneDx.purl(language("npm", "left-pad", "1.3.0"), null)).isEqualTo("pkg:npm/left-pad@1.3.0");
        assertThat(CycloneDx.purl(language("golang", "github.com/gorilla/mux", "v1.8.0"), null))
                .matches(PURL).isEqualTo("pkg:golang/github.com/gorilla/mux@v1.8.0");
        assertThat(CycloneDx.purl(language("golang", "stdlib", "1.19.8"), null)).isEqualTo("pkg:golang/stdlib@1.19.8");
        assertThat(CycloneDx.purl(language("golang", "example.com/app", "(devel)"), null)).isEqualTo("pkg:golang/example.com/app");
        assertThat(CycloneDx.purl(language("cargo", "serde", "1.0.188"), null)).matches(PURL).isEqualTo("pkg:cargo/serde@1.0.188");
    }

    @Test
    void mavenComponentsCarryTheirGroupAndUniqueRefs() {
        InstalledPackage a = language("maven", "org.slf4j:slf4j-api", "2.0.9");
        String digest = a.layerDigest();
        InstalledPackage b = new InstalledPackage("maven", "org.slf4j:slf4j-api", "2.0.9", null, null, null, 1, digest, 1,
                digest, "app/y.jar");
        JsonNode bom = CycloneDx.bom(new PackageReport("img", digest, null, List.of(a, b), List.of(), List.of(), List.of()), "test");
        JsonNode first = bom.at("/components/0");
        assertThat(first.get("group").asText()).isEqualTo("org.slf4j");
        assertThat(first.get("name").asText()).isEqualTo("slf4j-api");
        assertThat(bom.at("/components/0/bom-ref").asText()).isNotEqualTo(bom.at("/components/1/bom-ref").asText());
        assertThat(first.get("properties").toString()).contains("gantry:package:location");
    }
}
