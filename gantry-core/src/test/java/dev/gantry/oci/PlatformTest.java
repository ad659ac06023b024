package dev.gantry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTest {

    @Test
    void parsesOsArchAndVariant() {
        Platform p = Platform.parse("linux/arm64/v8");
        assertThat(p.os()).isEqualTo("linux");
        assertThat(p.architecture()).isEqualTo("arm64");
        assertThat(p.variant()).isEqualTo("v8");
        assertThat(p.toString()).isEqualTo("linux/arm64/v8");
    }

    @Test
    void parsesOsAndArchWithoutVariant() {
        Platform p = Platform.parse("linux/amd64");
        assertThat(p.os()).isEqualTo("linux");
        assertThat(p.architecture()).isEqualTo("amd64");
        assertThat(p.variant()).isNull();
        assertThat(p.toString()).isEqualTo("linux/amd64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "a/b/c/d", "", "/amd64", "linux/", "linux/arm/", "linux//v7", "/"})
    void rejectsMalformedPlatformSayingTheExpectedForm(String text) {
        assertThatThrownBy(() -> Platform.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("os/arch[/variant]");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Platform.parse(null)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @CsvSource({
            // request,        candidate os, arch, variant, expected
            "linux/arm64/v8,   linux, arm64, ,   true",
            "linux/arm64/v8,   linux, arm64, v8, true",
            "linux/arm64,      linux, arm64, v8, true",
            "linux/arm64,      linux, arm64, ,   true",
            "linux/arm/v7,     linux, arm,   ,   true",
            "linux/arm/v7,     linux, arm,   v7, true",
            "linux/arm/v6,     linux, arm,   ,   false",
            "linux/arm/v6,     linux, arm,   v7, false",
            "linux/arm/v6,     linux, arm,   v6, true",
            "linux/arm,        linux, arm,   v6, true",
            "linux/arm64/v8,   linux, arm,   v8, false",
            "linux/amd64,      linux, amd64, ,   true",
            "linux/amd64,      windows, amd64, , false",
            "linux/amd64,      linux, arm64, ,   false",
            "linux/amd64/v3,   linux, amd64, ,   false",
    })
    void satisfiedByAppliesVariantDefaults(String request, String os, String arch, String variant, boolean expected) {
        Platform candidate = new Platform(os, arch, variant);
        assertThat(Platform.parse(request).satisfiedBy(candidate)).isEqualTo(expected);
    }

    @Test
    void isNotSatisfiedByNothing() {
        assertThat(Platform.parse("linux/amd64").satisfiedBy(null)).isFalse();
    }

    @Test
    void writesAndReadsOsVersionAndOsFeaturesUnderTheirSpecNames() {
        Platform p = new Platform("amd64", "windows", "10.0.17763.1879", List.of("win32k"), null, null);
        JsonNode tree = Json.tree(Json.write(p), "platform");
        assertThat(tree.path("os.version").asText()).isEqualTo("10.0.17763.1879");
        assertThat(tree.path("os.features").get(0).asText()).isEqualTo("win32k");
        assertThat(tree.path("architecture").asText()).isEqualTo("amd64");
        assertThat(tree.path("os").asText()).isEqualTo("windows");
        assertThat(tree.has("osVersion")).isFalse();
        assertThat(tree.has("osFeatures")).isFalse();
        assertThat(tree.has("variant")).as("absent fields stay absent").isFalse();

        String json = "{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.20348.2031\","
                + "\"os.features\":[\"win32k\"],\"features\":[\"sse4\"]}";
        Platform read = Json.parse(json.getBytes(StandardCharsets.UTF_8), Platform.class, "platform");
        assertThat(read.osVersion()).isEqualTo("10.0.20348.2031");
        assertThat(read.osFeatures()).containsExactly("win32k");
        assertThat(read.features()).containsExactly("sse4");
        assertThat(read.toString()).isEqualTo("windows/amd64 (10.0.20348.2031)");
        assertThat(Json.parse(Json.write(read), Platform.class, "platform")).isEqualTo(read);
    }

    @Test
    void hostIsNamedTheGoWay() {
        Platform host = Platform.host();
        assertThat(host.os()).isEqualTo("linux");
        assertThat(host.architecture()).isIn("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64");
    }
}
