package dev.gantry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming readers of the wire records: every field, unknown fields skipped, values of the
 * wrong kind named in the document's terms, and the parser's limits. Where it matters the
 * result is compared with what the mapper makes of the same bytes, the reader these replaced.
 */
class OciJsonReaderTest {
    static final Digest D1 = Digest.sha256(bytes("one"));
    static final Digest D2 = Digest.sha256(bytes("two"));

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T mapperRead(String json, Class<T> type) throws Exception {
        return Json.mapper().readValue(bytes(json), type);
    }

    static String descriptorJson() {
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D1 + "\",\"size\":1234,"
                + "\"urls\":[\"https://example.com/a\",\"https://example.com/b\"],\"annotations\":{\"k\":\"v\",\"k2\":\"v2\"},"
                + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"os.version\":\"1.2\",\"os.features\":[\"f1\"],"
                + "\"variant\":\"v8\",\"features\":[\"sse4\"]},\"artifactType\":\"application/vnd.example+type\","
                + "\"data\":\"e30=\"}";
    }

    @Test
    void readsEveryDescriptorFieldAsTheMapperDid() throws Exception {
        Descriptor d = Json.parse(bytes(descriptorJson()), Descriptor.class, "d");
        assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(d.digest()).isEqualTo(D1);
        assertThat(d.size()).isEqualTo(1234);
        assertThat(d.urls()).containsExactly("https://example.com/a", "https://example.com/b");
        assertThat(d.annotations()).containsExactly(Map.entry("k", "v"), Map.entry("k2", "v2"));
        assertThat(d.platform()).isEqualTo(new Platform("arm64", "linux", "1.2", List.of("f1"), "v8", List.of("sse4")));
        assertThat(d.artifactType()).isEqualTo("application/vnd.example+type");
        assertThat(d.data()).isEqualTo("e30=");
        assertThat(d).isEqualTo(mapperRead(descriptorJson(), Descriptor.class));
    }

    @Test
    void readsEveryManifestAndIndexFieldAsTheMapperDid() throws Exception {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.example.sbom\",\"config\":" + descriptorJson() + ","
                + "\"layers\":[" + descriptorJson() + "," + descriptorJson() + "],\"subject\":" + descriptorJson() + ","
                + "\"annotations\":{\"a\":\"b\"}}";
        ImageManifest m = Json.parse(bytes(manifest), ImageManifest.class, "m");
        assertThat(m.schemaVersion()).isEqualTo(2);
        assertThat(m.artifactType()).isEqualTo("application/vnd.example.sbom");
        assertThat(m.layers()).hasSize(2);
        assertThat(m.subject().digest()).isEqualTo(D1);
        assertThat(m).isEqualTo(mapperRead(manifest, ImageManifest.class));

        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"artifactType\":\"x/y\",\"manifests\":[" + descriptorJson() + "],\"subject\":" + descriptorJson() + ","
                + "\"annotations\":{\"a\":\"b\"}}";
        ImageIndex i = Json.parse(bytes(index), ImageIndex.class, "i");
        assertThat(i.manifests()).hasSize(1);
        assertThat(i.annotations()).containsEntry("a", "b");
        assertThat(i).isEqualTo(mapperRead(index, ImageIndex.class));
    }

    @Test
    void readsEveryConfigFieldAsTheMapperDid() throws Exception {
        String config = ImageConfigTest.realisticConfig();
        ImageConfig c = OciJsonReader.config(bytes(config), "config");
        assertThat(c).isEqualTo(mapperRead(config, ImageConfig.class));
        assertThat(c.config().exposedPorts()).isEqualTo(Map.of("8080/tcp", Map.of(), "53/udp", Map.of()));
        JsonNode healthcheck = c.config().healthcheck();
        assertThat(healthcheck.path("Interval").isLong()).isTrue();
        assertThat(healthcheck.path("Interval").longValue()).isEqualTo(30000000000L);
        assertThat(healthcheck.toString()).isEqualTo("{\"Test\":[\"CMD\",\"true\"],\"Interval\":30000000000}");
    }

    @Test
    void untypedValuesAreWhatTheMapperMakesOfThem() throws Exception {
        String config = "{\"config\":{\"ExposedPorts\":{\"80/tcp\":{\"a\":[1,2.5,\"s\",true,null,12345678901,"
                + "123456789012345678901234567890]}},\"Volumes\":{\"/v\":null},"
                + "\"Healthcheck\":{\"Test\":[],\"Retries\":3,\"Ratio\":0.5,\"On\":false,\"Big\":123456789012345678901234567890,"
                + "\"Nothing\":null}}}";
        ImageConfig c = OciJsonReader.config(bytes(config), "config");
        ImageConfig mapped = mapperRead(config, ImageConfig.class);
        assertThat(c).isEqualTo(mapped);
        assertThat(c.config().volumes()).containsEntry("/v", null);
    }

    @Test
    void nullFieldsAndNullElementsReadAsTheMapperReadThem() throws Exception {
        String config = "{\"created\":null,\"config\":{\"Env\":[\"A=1\",null],\"Labels\":{\"k\":null},\"Cmd\":null,"
                + "\"ArgsEscaped\":null},\"rootfs\":null,\"history\":[null,{\"empty_layer\":null}]}";
        ImageConfig c = OciJsonReader.config(bytes(config), "config");
        assertThat(c.config().env()).containsExactly("A=1", null);
        assertThat(c.config().labels()).containsEntry("k", null);
        assertThat(c.config().cmd()).isNull();
        assertThat(c.history()).hasSize(2);
        assertThat(c.history().get(1).isEmptyLayer()).isFalse();
        assertThat(c).isEqualTo(mapperRead(config, ImageConfig.class));
        // The mapper made a NullNode of this one; null is what every other null field reads as,
        // and what an absent Healthcheck reads as (config diffs compare the two).
        assertThat(OciJsonReader.config(bytes("{\"config\":{\"Healthcheck\":null}}"), "c").config().healthcheck()).isNull();
        assertThat(Json.parse(bytes("null"), ImageConfig.class, "config")).isNull();
    }

    @Test
    void unknownFieldsAreSkippedWhateverTheyHold() {
        String deepUnknown = "{\"x\":{\"y\":[{\"z\":[1,{\"config\":5}]}]}}";
        String config = "{\"unknown\":" + deepUnknown + ",\"os\":\"linux\",\"config\":{\"Hostname\":\"h\","
                + "\"Extra\":" + deepUnknown + ",\"User\":\"u\"},\"rootfs\":{\"type\":\"layers\",\"future\":[],"
                + "\"diff_ids\":[\"" + D1 + "\"]},\"history\":[{\"other\":{\"created_by\":5},\"created_by\":\"RUN x\"}],"
                + "\"architecture\":\"amd64\"}";
        ImageConfig c = OciJsonReader.config(bytes(config), "config");
        assertThat(c.os()).isEqualTo("linux");
        assertThat(c.architecture()).isEqualTo("amd64");
        assertThat(c.config().user()).isEqualTo("u");
        assertThat(c.diffIds()).containsExactly(D1);
        assertThat(c.history().get(0).createdBy()).isEqualTo("RUN x");

        String descriptor = "{\"mediaType\":\"a/b\",\"future\":" + deepUnknown + ",\"digest\":\"" + D2 + "\",\"size\":3,"
                + "\"platform\":{\"os\":\"linux\",\"future\":{\"os\":5},\"architecture\":\"arm\"}}";
        Descriptor d = Json.parse(bytes(descriptor), Descriptor.class, "d");
        assertThat(d.digest()).isEqualTo(D2);
        assertThat(d.platform()).isEqualTo(new Platform("linux", "arm", null));
    }

    @Test
    void fieldNamesAreTheSpecsOwnAndCaseSensitive() {
        ImageConfig c = OciJsonReader.config(bytes("{\"osVersion\":\"x\",\"os.version\":\"y\",\"config\":{\"user\":\"a\","
                + "\"User\":\"b\"},\"history\":[{\"createdBy\":\"no\",\"created_by\":\"yes\",\"emptyLayer\":true}]}"), "c");
        assertThat(c.osVersion()).isEqualTo("y");
        assertThat(c.config().user()).isEqualTo("b");
        assertThat(c.history().get(0).createdBy()).isEqualTo("yes");
        assertThat(c.history().get(0).isEmptyLayer()).isFalse();
    }

    @Test
    void valuesOfTheWrongKindAreNamedByTheirPath() {
        String[][] cases = {
                {"{\"os\":5}", "os: expected a string, found a number 5"},
                {"{\"os.features\":\"win32k\"}", "os.features: expected an array, found a string"},
                {"{\"config\":[]}", "config: expected an object, found an array"},
                {"{\"config\":{\"Env\":[\"A=1\",2]}}", "config.Env[1]: expected a string, found a number 2"},
                {"{\"config\":{\"Labels\":{\"a\":true}}}", "config.Labels.a: expected a string, found true"},
                {"{\"config\":{\"ArgsEscaped\":\"true\"}}", "config.ArgsEscaped: expected true or false, found a string"},
                {"{\"rootfs\":{\"diff_ids\":[{}]}}", "rootfs.diff_ids[0]: expected a digest string (sha256:...), found an object"},
                {"{\"history\":[{},{\"empty_layer\":1}]}", "history[1].empty_layer: expected true or false, found a number 1"},
                {"[]", "expected an object, found an array"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> OciJsonReader.config(bytes(c[0]), "cfg"))
                    .as(c[0])
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("cfg is not valid JSON for ImageConfig: " + c[1]);
        }
    }

    @Test
    void theFirstProblemIsReportedAndASyntaxErrorAfterItStillWins() {
        assertThatThrownBy(() -> OciJsonReader.config(bytes("{\"os\":1,\"architecture\":2}"), "cfg"))
                .hasMessageContaining("os: expected a string")
                .hasMessageNotContaining("architecture");
        assertThatThrownBy(() -> OciJsonReader.config(bytes("{\"os\":1,\"architecture\":\"a\",\"architecture\":\"b\"}"), "cfg"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Duplicate").hasMessageContaining("'architecture'");
    }

    @Test
    void aRefusedDigestKeepsItsOwnTypeAndMessage() {
        assertThatThrownBy(() -> Json.parse(bytes("{\"mediaType\":\"a/b\",\"digest\":\"md5:abc\",\"size\":1}"), Descriptor.class, "d"))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageStartingWith("d: digest: ")
                .hasMessageContaining("md5");
        assertThatThrownBy(() -> OciJsonReader.config(bytes("{\"rootfs\":{\"diff_ids\":[\"" + D1 + "\",\"sha256:ABC\"]}}"), "c"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("c: rootfs.diff_ids[1]: ")
                .hasMessageContaining("sha256:ABC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mediaType", "digest", "size", "platform", "annotations"})
    void duplicateKeysInADescriptorAreRefused(String key) {
        String value = switch (key) {
            case "size" -> "1";
            case "platform" -> "{}";
            case "annotations" -> "{}";
            case "digest" -> "\"" + D2 + "\"";
            default -> "\"a/b\"";
        };
        String json = "{\"mediaType\":\"a/b\",\"digest\":\"" + D1 + "\",\"size\":1,\"platform\":{},\"annotations\":{},"
                + "\"" + key + "\":" + value + "}";
        assertThatThrownBy(() -> Json.parse(bytes(json), Descriptor.class, "d"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Duplicate").hasMessageContaining("'" + key + "'");
    }

    @Test
    void duplicateKeysDeepInsideUnknownFieldsAreRefusedToo() {
        // Skipped values are still parsed: a duplicate anywhere makes the document two documents.
        assertThatThrownBy(() -> OciJsonReader.config(bytes("{\"x\":{\"y\":{\"a\":1,\"a\":2}}}"), "c"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Duplicate").hasMessageContaining("'a'");
        assertThatThrownBy(() -> OciJsonReader.config(bytes("{\"config\":{\"Labels\":{\"a\":\"1\",\"a\":\"2\"}}}"), "c"))
                .hasMessageContaining("Duplicate");
    }

    @Test
    void nestingBeyondTheLimitIsRefusedEvenInsideUnknownFields() {
        String within = "[".repeat(Json.MAX_NESTING_DEPTH - 1) + "]".repeat(Json.MAX_NESTING_DEPTH - 1);
        assertThat(OciJsonReader.config(bytes("{\"x\":" + within + "}"), "c")).isNotNull();
        String beyond = "[".repeat(Json.MAX_NESTING_DEPTH) + "]".repeat(Json.MAX_NESTING_DEPTH);
        assertThatThrownBy(() -> OciJsonReader.config(bytes("{\"x\":" + beyond + "}"), "deep"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("deep is not valid JSON for ImageConfig: ")
                .hasMessageContaining("nesting depth");
        String deepHealthcheck = "{\"config\":{\"Healthcheck\":" + "{\"a\":".repeat(Json.MAX_NESTING_DEPTH) + "1"
                + "}".repeat(Json.MAX_NESTING_DEPTH) + "}}";
        assertThatThrownBy(() -> OciJsonReader.config(bytes(deepHealthcheck), "deep"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nesting depth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "99999999999999999999", "1e3", "10.0", "\"10\"", "null", "true", "{}", "[1,2]"})
    void aSizeThatIsNotALongIsRefusedSayingWhatItIs(String size) {
        String json = "{\"mediaType\":\"a/b\",\"digest\":\"" + D1 + "\",\"size\":" + size + "}";
        assertThatThrownBy(() -> Json.parse(bytes(json), Descriptor.class, "d"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("d: descriptor has size " + size + ", not an integer; descriptor.md requires size, "
                        + "the content's length in bytes");
    }

    @Test
    void theLargestLongIsASize() {
        String json = "{\"mediaType\":\"a/b\",\"digest\":\"" + D1 + "\",\"size\":9223372036854775807}";
        assertThat(Json.parse(bytes(json), Descriptor.class, "d").size()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aMissingSizeIsRefusedNamingWhereTheDescriptorIs() {
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a/b\",\"digest\":\"" + D1 + "\",\"size\":1},"
                + "{\"mediaType\":\"a/b\",\"digest\":\"" + D2 + "\"}]}";
        assertThatThrownBy(() -> Json.parse(bytes(index), ImageIndex.class, "idx"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("idx: manifests[1]: descriptor has no size; descriptor.md requires size, the content's length in bytes");
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + D1 + "\"},\"layers\":[]}";
        assertThatThrownBy(() -> Json.parse(bytes(manifest), ImageManifest.class, "m"))
                .hasMessageStartingWith("m: config: descriptor has no size;");
        assertThatThrownBy(() -> Json.parse(bytes("{\"mediaType\":\"a/b\",\"digest\":\"" + D1 + "\"}"), Descriptor.class, "d"))
                .hasMessageStartingWith("d: descriptor has no size;");
    }

    @Test
    void aNumberTooLongForTheParserIsRefusedBeforeItIsConverted() {
        String json = "{\"mediaType\":\"a/b\",\"digest\":\"" + D1 + "\",\"size\":" + "9".repeat(2000) + "}";
        assertThatThrownBy(() -> Json.parse(bytes(json), Descriptor.class, "d"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("d is not valid JSON for Descriptor: ")
                .hasMessageContaining("Number value length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"os\":}", "{\"os\":\"linux\"}{}", "{\"os\":\"linux\"} x", "{'os':'linux'}"})
    void invalidJsonIsRefusedNamingTheDocumentAndType(String json) {
        assertThatThrownBy(() -> Json.parse(bytes(json), Platform.class, "the doc"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the doc is not valid JSON for Platform: ");
    }

    @Test
    void topLevelStringReadsOneFieldAndNothingElse() {
        byte[] doc = bytes("{\"a\":{\"mediaType\":\"inner\"},\"mediaType\":\"outer\",\"b\":[1]}");
        assertThat(OciJsonReader.topLevelString(doc, "mediaType", "m")).isEqualTo("outer");
        assertThat(OciJsonReader.topLevelString(bytes("{\"mediaType\":5}"), "mediaType", "m")).isEmpty();
        assertThat(OciJsonReader.topLevelString(bytes("[\"mediaType\"]"), "mediaType", "m")).isEmpty();
        assertThat(OciJsonReader.topLevelString(bytes("{}"), "mediaType", "m")).isEmpty();
        assertThatThrownBy(() -> OciJsonReader.topLevelString(bytes("{\"mediaType\":\"a\",\"mediaType\":\"b\"}"), "mediaType", "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Duplicate");
    }

    @Test
    void prettyDocumentPrintsWhatTheMapperPrintedForTheTree() {
        String doc = "{\"b\":1,\"a\":[1.5,1e3,-0,12345678901234567890,\"\\u00e9\\n\",true,null,{}],\"c\":{\"d\":[]}}";
        assertThat(Json.prettyDocument(bytes(doc), "d")).isEqualTo(Json.pretty(Json.tree(bytes(doc), "d")));
        assertThatThrownBy(() -> Json.prettyDocument(bytes("[1]"), "doc"))
                .isInstanceOf(InvalidInputException.class).hasMessage("doc is not a JSON object");
        assertThatThrownBy(() -> Json.prettyDocument(bytes("{}{}"), "doc"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("doc is not valid JSON");
    }
}
