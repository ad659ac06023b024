package dev.gantry.oci;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestsTest {
    static final Digest CONFIG = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
    static final Digest LAYER1 = Digest.sha256("layer1".getBytes(StandardCharsets.UTF_8));
    static final Digest LAYER2 = Digest.sha256("layer2".getBytes(StandardCharsets.UTF_8));
    static final Digest AMD64 = Digest.sha256("amd64".getBytes(StandardCharsets.UTF_8));
    static final Digest ARM64 = Digest.sha256("arm64".getBytes(StandardCharsets.UTF_8));

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String ociManifest() {
        // Odd key order, tabs, CRLF and trailing spaces: the raw bytes are what gets hashed.
        return "{\r\n\t\"layers\" : [ {\"size\":   1234, \"digest\":\"" + LAYER1 + "\",\n"
                + "      \"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\", \"annotations\":{\"a\":\"b\"}},\n"
                + "  {\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\",\"digest\":\"" + LAYER2 + "\",\"size\":0}],\n"
                + "  \"config\":{\"digest\":\"" + CONFIG + "\",\"size\":567,\"mediaType\":\"application/vnd.oci.image.config.v1+json\"},   \n"
                + "  \"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"schemaVersion\":2,\n"
                + "  \"annotations\":{\"org.opencontainers.image.created\":\"2024-01-01T00:00:00Z\"},\"unknownField\":{\"x\":[1,2]}\n}  \n";
    }

    @Test
    void parsesOciManifestKeepingTheExactRawBytes() {
        byte[] raw = bytes(ociManifest());
        ParsedManifest parsed = Manifests.parse(raw, MediaTypes.OCI_MANIFEST, "test manifest");
        assertThat(parsed.isIndex()).isFalse();
        assertThat(parsed.index()).isNull();
        assertThat(parsed.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(parsed.raw()).isEqualTo(raw);

        ImageManifest m = parsed.manifest();
        assertThat(m.schemaVersion()).isEqualTo(2);
        assertThat(m.config().digest()).isEqualTo(CONFIG);
        assertThat(m.config().size()).isEqualTo(567);
        assertThat(m.config().mediaType()).isEqualTo(MediaTypes.OCI_CONFIG);
        assertThat(m.layers()).extracting(Descriptor::digest).containsExactly(LAYER1, LAYER2);
        assertThat(m.layers().get(0).size()).isEqualTo(1234);
        assertThat(m.layers().get(0).annotation("a")).isEqualTo("b");
        assertThat(m.layers().get(1).mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
        assertThat(m.annotations()).containsEntry("org.opencontainers.image.created", "2024-01-01T00:00:00Z");

        Descriptor d = parsed.descriptor();
        assertThat(d.digest()).isEqualTo(Digest.sha256(raw));
        assertThat(d.size()).isEqualTo(raw.length);
        assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        // Not the digest of a re-serialisation.
        assertThat(d.digest()).isNotEqualTo(Digest.sha256(Json.write(m)));
    }

    @Test
    void parsesOciIndexWithPlatforms() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + AMD64 + "\",\"size\":500,"
                + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + ARM64 + "\",\"size\":501,"
                + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + LAYER1 + "\",\"size\":502,"
                + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"},"
                + "\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"}}],"
                + "\"annotations\":{\"k\":\"v\"}}";
        ParsedManifest parsed = Manifests.parse(bytes(raw), null, "index");
        assertThat(parsed.isIndex()).isTrue();
        assertThat(parsed.manifest()).isNull();
        assertThat(parsed.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        ImageIndex index = parsed.index();
        assertThat(index.manifests()).hasSize(3);
        assertThat(index.manifests().get(1).platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
        assertThat(index.manifests().get(2).annotation("vnd.docker.reference.type")).isEqualTo("attestation-manifest");
        assertThat(index.annotations()).containsEntry("k", "v");
        assertThat(parsed.descriptor().digest()).isEqualTo(Digest.sha256(bytes(raw)));
    }

    @Test
    void parsesDockerSchema2Manifest() {
        String raw = "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",\n"
                + "   \"config\": {\n      \"mediaType\": \"application/vnd.docker.container.image.v1+json\",\n"
                + "      \"size\": 7023,\n      \"digest\": \"" + CONFIG + "\"\n   },\n   \"layers\": [\n"
                + "      {\n         \"mediaType\": \"application/vnd.docker.image.rootfs.diff.tar.gzip\",\n"
                + "         \"size\": 32654,\n         \"digest\": \"" + LAYER1 + "\"\n      },\n"
                + "      {\n         \"mediaType\": \"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\",\n"
                + "         \"size\": 16724,\n         \"digest\": \"" + LAYER2 + "\",\n"
                + "         \"urls\": [\"https://example.com/layer\"]\n      }\n   ]\n}";
        ParsedManifest parsed = Manifests.parse(bytes(raw), MediaTypes.DOCKER_MANIFEST, "docker manifest");
        assertThat(parsed.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(parsed.manifest().config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
        assertThat(parsed.manifest().layers()).hasSize(2);
        assertThat(parsed.manifest().layers().get(1).urls()).containsExactly("https://example.com/layer");
    }

    @Test
    void parsesDockerManifestList() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"size\":7143,"
                + "\"digest\":\"" + AMD64 + "\",\"platform\":{\"architecture\":\"ppc64le\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"size\":7682,"
                + "\"digest\":\"" + ARM64 + "\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\",\"features\":[\"sse4\"]}}]}";
        ParsedManifest parsed = Manifests.parse(bytes(raw), null, "list");
        assertThat(parsed.isIndex()).isTrue();
        assertThat(parsed.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(parsed.index().manifests()).extracting(Descriptor::digest).containsExactly(AMD64, ARM64);
        assertThat(parsed.index().manifests().get(1).platform().features()).containsExactly("sse4");
    }

    @Test
    void manifestWithoutMediaTypeIsRecognisedByShape() {
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + CONFIG + "\",\"size\":2},\"layers\":[]}";
        ParsedManifest m = Manifests.parse(bytes(manifest), null, "m");
        assertThat(m.isIndex()).isFalse();
        assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);

        String index = "{\"schemaVersion\":2,\"manifests\":[]}";
        ParsedManifest i = Manifests.parse(bytes(index), null, "i");
        assertThat(i.isIndex()).isTrue();
        assertThat(i.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void manifestWithoutMediaTypeTakesTheDescriptorsTypeAsHint() {
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
                + "\"digest\":\"" + CONFIG + "\",\"size\":2},\"layers\":[]}";
        assertThat(Manifests.parse(bytes(manifest), MediaTypes.DOCKER_MANIFEST, "m").mediaType())
                .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    static String configDescriptor() {
        return "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":2}";
    }

    static String child() {
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + AMD64 + "\",\"size\":3}";
    }

    /** CVE-2021-41190: a body with both shapes reads as an image to one client and as an index to another. */
    @ParameterizedTest
    @ValueSource(strings = {MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, ""})
    void documentWithBothLayersAndManifestsIsRefusedWhateverItDeclares(String declared) {
        String type = declared.isEmpty() ? "" : "\"mediaType\":\"" + declared + "\",";
        String both = "{\"schemaVersion\":2," + type + "\"config\":" + configDescriptor() + ",\"layers\":[],"
                + "\"manifests\":[" + child() + "]}";
        for (String hint : new String[] {null, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX}) {
            if (!declared.isEmpty() && hint != null && !hint.equals(declared)) {
                continue;
            }
            assertThatThrownBy(() -> Manifests.parse(bytes(both), hint, "m"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("ambiguous manifest")
                    .hasMessageContaining("\"manifests\"")
                    .hasMessageContaining("\"layers\"");
        }
    }

    @Test
    void indexWithAConfigIsRefusedNamingTheField() {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"config\":" + configDescriptor() + ",\"manifests\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(index), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ambiguous manifest").hasMessageContaining("\"config\"");
        String withoutManifests = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"layers\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(withoutManifests), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("an index").hasMessageContaining("must not have \"layers\"");
    }

    @Test
    void imageManifestTypeWithManifestsIsRefused() {
        String manifest = "{\"schemaVersion\":2,\"manifests\":[" + child() + "]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(manifest), MediaTypes.OCI_MANIFEST, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("an image manifest").hasMessageContaining("must not have \"manifests\"");
    }

    @Test
    void declaredMediaTypeThatDisagreesWithTheDescriptorIsRefused() {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(index), MediaTypes.OCI_MANIFEST, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("declares mediaType " + MediaTypes.OCI_INDEX)
                .hasMessageContaining("named as " + MediaTypes.OCI_MANIFEST);
        // Same kind, other family: still two answers to "what is this digest?".
        assertThatThrownBy(() -> Manifests.parse(bytes(ociManifest()), MediaTypes.DOCKER_MANIFEST, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("declares mediaType " + MediaTypes.OCI_MANIFEST);
        // A hint that names no manifest type (an artifact's descriptor, say) is no disagreement.
        assertThat(Manifests.parse(bytes(index), "application/octet-stream", "m").isIndex()).isTrue();
    }

    @Test
    void nonStringMediaTypeIsRefused() {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":5,\"config\":" + configDescriptor() + ",\"layers\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(manifest), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mediaType must be a string");
    }

    /** Jackson keeps the last of two equal keys unless told otherwise; two readers could then disagree. */
    @ParameterizedTest
    @ValueSource(strings = {"mediaType", "layers", "config", "schemaVersion"})
    void duplicateKeysAreRefusedNamingTheKey(String key) {
        String value = switch (key) {
            case "mediaType" -> "\"application/vnd.oci.image.manifest.v1+json\"";
            case "layers" -> "[]";
            case "config" -> configDescriptor();
            default -> "2";
        };
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + configDescriptor() + ",\"layers\":[],\"" + key + "\":" + value + "}";
        assertThatThrownBy(() -> Manifests.parse(bytes(manifest), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Duplicate").hasMessageContaining("'" + key + "'");
    }

    @Test
    void duplicateKeysInsideADescriptorAreRefused() {
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + CONFIG + "\",\"digest\":\"" + LAYER1 + "\",\"size\":2},\"layers\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(manifest), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Duplicate").hasMessageContaining("'digest'");
    }

    @Test
    void schema1IsUnsupported() {
        String schema1 = "{\"schemaVersion\":1,\"name\":\"library/busybox\",\"tag\":\"latest\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[{\"blobSum\":\"" + LAYER1 + "\"}],\"history\":[{\"v1Compatibility\":\"{}\"}]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(schema1), null, "old"))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("schema1");
        String signed = "{\"schemaVersion\":1,\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+prettyjws\"}";
        assertThatThrownBy(() -> Manifests.parse(bytes(signed), null, "old"))
                .isInstanceOf(UnsupportedFormatException.class);
        assertThatThrownBy(() -> Manifests.parse(bytes("{\"schemaVersion\":2}"), MediaTypes.DOCKER_SCHEMA1_SIGNED, "old"))
                .isInstanceOf(UnsupportedFormatException.class);
    }

    @Test
    void schemaVersion3IsRefusedSayingWhatIsAllowed() {
        String raw = "{\"schemaVersion\":3,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"x/y\",\"digest\":\"" + CONFIG + "\",\"size\":1},\"layers\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "future"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("future")
                .hasMessageContaining("schemaVersion must be 2")
                .hasMessageContaining("3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"layers\":[]}", "{\"schemaVersion\":\"2\",\"layers\":[]}",
            "{\"schemaVersion\":2.5,\"layers\":[]}", "{\"schemaVersion\":null,\"layers\":[]}"})
    void missingOrNonIntegerSchemaVersionIsRefusedClearly(String raw) {
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), MediaTypes.OCI_MANIFEST, "doc"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageMatching("doc: schemaVersion must be 2, found \\S.*");
    }

    @Test
    void manifestWithoutConfigIsRefused() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "noconfig"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("noconfig")
                .hasMessageContaining("no config");
    }

    @Test
    void descriptorWithoutDigestIsRefused() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":1},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":10}]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no digest");
    }

    @Test
    void descriptorWithNegativeSizeIsRefused() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":-1},"
                + "\"layers\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("negative size -1");
    }

    @Test
    void descriptorWithoutSizeIsRefused() {
        // descriptor.md: size is REQUIRED; a missing size must not read as 0.
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":1},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + LAYER1 + "\"}]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(LAYER1.toString())
                .hasMessageContaining("size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"10\"", "10.0", "null", "99999999999999999999"})
    void descriptorWithNonIntegerSizeIsRefused(String size) {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":1},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + LAYER1 + "\",\"size\":" + size + "}]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("m");
    }

    @Test
    void nullLayerEntryIsRefused() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":1},"
                + "\"layers\":[null]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("m layers[0]");
    }

    @Test
    void indexEntryWithoutDigestOrMediaTypeIsRefused() {
        String noDigest = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":3}]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(noDigest), null, "idx"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("idx")
                .hasMessageContaining("has no digest");
        String noType = "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + AMD64 + "\",\"size\":3}]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(noType), null, "idx"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no mediaType");
    }

    @Test
    void subjectDescriptorIsCheckedToo() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":2},"
                + "\"layers\":[],\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":12}}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "referrer"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no digest");
    }

    @Test
    void malformedDigestInADescriptorIsRefusedNamingIt() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:../../etc/passwd\",\"size\":1},"
                + "\"layers\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "hostile"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hostile: config.digest")
                .hasMessageContaining("sha256:../../etc/passwd");
    }

    @Test
    void unknownDigestAlgorithmInADescriptorIsRefused() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"blake3:" + "a".repeat(64)
                + "\",\"size\":1},\"layers\":[]}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "m"))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("config.digest")
                .hasMessageContaining("blake3")
                .hasMessageContaining("sha256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"manifest\"", "{", "{\"schemaVersion\":2,}", "null"})
    void notAJsonObjectIsRefused(String raw) {
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "junk"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("junk");
    }

    @Test
    void trailingContentAfterTheDocumentIsRefused() {
        String raw = "{\"schemaVersion\":2,\"manifests\":[]}{\"schemaVersion\":2,\"config\":{}}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "two docs"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("two docs");
    }

    @Test
    void unknownMediaTypeIsUnsupportedNamingIt() {
        String raw = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.thing.v1+json\"}";
        assertThatThrownBy(() -> Manifests.parse(bytes(raw), null, "odd"))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("application/vnd.example.thing.v1+json");
    }

    @Test
    void descriptorHelpersKeepTheOtherFields() {
        Descriptor d = new Descriptor(MediaTypes.OCI_LAYER, LAYER1, 10);
        Descriptor withPlatform = d.withPlatform(Platform.parse("linux/amd64"))
                .withAnnotations(java.util.Map.of("k", "v"))
                .withMediaType(MediaTypes.OCI_LAYER_GZIP);
        assertThat(withPlatform.digest()).isEqualTo(LAYER1);
        assertThat(withPlatform.size()).isEqualTo(10);
        assertThat(withPlatform.platform()).isEqualTo(Platform.parse("linux/amd64"));
        assertThat(withPlatform.annotation("k")).isEqualTo("v");
        assertThat(d.annotation("k")).isNull();
        assertThat(withPlatform.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
        assertThat(d.requireValid("x")).isSameAs(d);
    }

    @Test
    void descriptorSerialisesWithoutEmptyOptionalFields() {
        Descriptor d = new Descriptor(MediaTypes.OCI_LAYER, LAYER1, 10);
        assertThat(new String(Json.write(d), StandardCharsets.UTF_8))
                .isEqualTo("{\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + LAYER1 + "\",\"size\":10}");
    }
}
