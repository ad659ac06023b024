package dev.gantry.registry.client;

import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry's JSON answers that short commands read with the streaming parser: listings and error bodies. */
class RegistryJsonBodiesTest {
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTagListIsItsTagsInOrder() {
        assertThat(RegistryClient.listing(bytes("{\"name\":\"a/b\",\"tags\":[\"v2\",\"v1\",\"latest\"]}"), "tags", "tags"))
                .containsExactly("v2", "v1", "latest");
        assertThat(RegistryClient.listing(bytes("{\"tags\":[\"x\"],\"name\":\"a/b\",\"extra\":{\"tags\":[\"no\"]}}"), "tags", "tags"))
                .containsExactly("x");
        assertThat(RegistryClient.listing(bytes("{\"repositories\":[\"a\",\"b/c\"]}"), "repositories", "catalog"))
                .containsExactly("a", "b/c");
    }

    @Test
    void anAbsentOrNullListIsEmptyAndNullNamesAreDropped() {
        // distribution answers {"name":"x","tags":null} for a repository whose tags were all deleted.
        assertThat(RegistryClient.listing(bytes("{\"name\":\"a/b\",\"tags\":null}"), "tags", "tags")).isEmpty();
        assertThat(RegistryClient.listing(bytes("{\"name\":\"a/b\"}"), "tags", "tags")).isEmpty();
        assertThat(RegistryClient.listing(bytes("{\"tags\":[\"a\",null,\"b\"]}"), "tags", "tags")).containsExactly("a", "b");
    }

    @Test
    void aListingOfTheWrongShapeIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> RegistryClient.listing(bytes("{\"tags\":\"v1\"}"), "tags", "tag list of r"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tag list of r is not valid JSON: tags: expected an array, found a string");
        assertThatThrownBy(() -> RegistryClient.listing(bytes("{\"tags\":[\"v1\",2]}"), "tags", "tag list of r"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tag list of r is not valid JSON: tags[1]: expected a string, found a number 2");
        assertThatThrownBy(() -> RegistryClient.listing(bytes("[\"v1\"]"), "tags", "tag list of r"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tag list of r is not valid JSON: expected an object, found an array");
        assertThatThrownBy(() -> RegistryClient.listing(bytes("{\"tags\":[\"a\"],\"tags\":[\"b\"]}"), "tags", "tag list of r"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Duplicate").hasMessageContaining("'tags'");
        assertThatThrownBy(() -> RegistryClient.listing(bytes("{\"tags\":[\"a\"]"), "tags", "tag list of r"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tag list of r is not valid JSON: ");
    }

    @Test
    void errorBodiesGiveCodeMessageAndDetailAsJson() {
        String body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\","
                + "\"detail\":{\"Tag\":\"v9\",\"n\":[1,2]}},{\"code\":\"DENIED\",\"message\":\"no\",\"detail\":\"text\"},"
                + "{\"code\":\"NAME_UNKNOWN\",\"message\":\"x\",\"detail\":null,\"more\":{}}]}";
        assertThat(RegistryException.parse(body)).containsExactly(
                new RegistryError("MANIFEST_UNKNOWN", "manifest unknown", "{\"Tag\":\"v9\",\"n\":[1,2]}"),
                new RegistryError("DENIED", "no", "\"text\""),
                new RegistryError("NAME_UNKNOWN", "x", null));
    }

    @Test
    void errorBodiesOfOtherShapesGiveNoErrors() {
        assertThat(RegistryException.parse("<html>502 Bad Gateway</html>")).isEmpty();
        assertThat(RegistryException.parse(null)).isEmpty();
        assertThat(RegistryException.parse("{\"errors\":\"broken\"}")).isEmpty();
        assertThat(RegistryException.parse("{\"errors\":[{\"code\":\"A\"},\"x\",7]}"))
                .containsExactly(new RegistryError("A", "", null));
        assertThat(RegistryException.parse("{\"errors\":[{\"code\":5,\"message\":[]}]}"))
                .containsExactly(new RegistryError("", "", null));
        assertThat(RegistryException.parse("{\"errors\":[{\"code\":\"A\"}]")).isEmpty();
    }
}
