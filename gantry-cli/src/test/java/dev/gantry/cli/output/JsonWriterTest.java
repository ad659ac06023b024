package dev.gantry.cli.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator writes exactly what the mapper wrote, and hands it anything it does not write the same way. */
class JsonWriterTest {
    record Layer(int index, String digest, long size, Long uncompressed, String createdBy) {
    }

    record Info(String source, List<String> entrypoint, Map<String, String> labels, List<Layer> layers, boolean ok,
                double ratio, List<String> warnings) {
    }

    record Renamed(@JsonProperty("os.version") String osVersion) {
    }

    record WithGetter(String a) {
        public String getB() {
            return "b";
        }
    }

    enum Kind { ADDED, REMOVED }

    record WithEnum(Kind kind) {
    }

    record WithDigest(Digest digest) {
    }

    record WithPath(Path path) {
    }

    static void writesAsTheMapper(Object value) {
        assertThat(JsonWriter.write(value, true)).as("pretty").isEqualTo(Json.pretty(value));
        assertThat(JsonWriter.write(value, false)).as("compact").isEqualTo(new String(Json.write(value), StandardCharsets.UTF_8));
    }

    @Test
    void plainValuesAreWrittenAsTheMapperWroteThem() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("z", "last first");
        labels.put("a", "é \"quoted\" \n\t\u0001 </script>");
        labels.put("gone", null);
        List<String> withNull = new ArrayList<>(Arrays.asList("x", null, ""));
        Info info = new Info("oci:/tmp/x:tag", List.of("/bin/sh", "-c"), labels,
                List.of(new Layer(0, "sha256:ab", 10240, null, null), new Layer(1, "sha256:cd", Long.MAX_VALUE, 5L, "RUN x")),
                true, 0.25, withNull);
        writesAsTheMapper(info);
        writesAsTheMapper(Map.of("digest", "sha256:00"));
        writesAsTheMapper(List.of());
        writesAsTheMapper(Map.of());
        writesAsTheMapper(List.of(1, 2L, (short) 3, (byte) 4, 1.5f, 2.5d, Double.NaN, new BigInteger("123456789012345678901234567890"),
                new BigDecimal("1.10"), false, "s"));
        writesAsTheMapper(new Info(null, null, null, null, false, 0, null));
        writesAsTheMapper(List.of(List.of(Map.of("k", List.of())), new Layer(2, "d", 0, 0L, "")));
    }

    @Test
    void valuesTheMapperWritesItsOwnWayGoToTheMapper() {
        writesAsTheMapper(new Renamed("10.0"));
        assertThat(JsonWriter.write(new Renamed("10.0"), false)).isEqualTo("{\"os.version\":\"10.0\"}");
        writesAsTheMapper(new WithGetter("a"));
        writesAsTheMapper(new WithEnum(Kind.REMOVED));
        writesAsTheMapper(List.of(new Layer(0, "x", 1, null, null), new WithDigest(Digest.sha256(new byte[0]))));
        writesAsTheMapper(new WithPath(Path.of("/tmp/a b")));
        Map<Integer, String> intKeys = new LinkedHashMap<>();
        intKeys.put(2, "b");
        intKeys.put(1, "a");
        writesAsTheMapper(intKeys);
    }
}
