package dev.gantry.oci;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.LimitExceededException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    /** Produces {@code total} bytes of '{' .. without holding them, counting what is taken. */
    static final class HugeInputStream extends InputStream {
        final long total;
        long read;

        HugeInputStream(long total) {
            this.total = total;
        }

        @Override
        public int read() {
            if (read >= total) {
                return -1;
            }
            read++;
            return ' ';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - read);
            java.util.Arrays.fill(b, off, off + n, (byte) ' ');
            read += n;
            return n;
        }
    }

    @Test
    void readBoundedRefusesOversizedInputWithoutReadingAllOfIt() {
        HugeInputStream in = new HugeInputStream(100L << 20);
        assertThatThrownBy(() -> Json.readBounded(in, Json.MAX_MANIFEST_BYTES, "manifest from test"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("manifest from test")
                .hasMessageContaining("4 MiB");
        assertThat(in.read).isLessThanOrEqualTo(Json.MAX_MANIFEST_BYTES + 64 * 1024L);
    }

    @Test
    void readBoundedAcceptsInputOfExactlyTheLimit() throws IOException {
        byte[] data = new byte[1000];
        assertThat(Json.readBounded(new ByteArrayInputStream(data), 1000, "doc")).hasSize(1000);
        assertThatThrownBy(() -> Json.readBounded(new ByteArrayInputStream(new byte[1001]), 1000, "doc"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("1000 bytes");
    }

    @Test
    void readBoundedReturnsSmallInputWhole() throws IOException {
        byte[] data = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(Json.readBounded(new ByteArrayInputStream(data), Json.MAX_CONFIG_BYTES, "doc")).isEqualTo(data);
    }

    @Test
    void refusesDeeplyNestedDocuments() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThatThrownBy(() -> Json.tree(("{\"a\":" + deep + "}").getBytes(StandardCharsets.UTF_8), "nested"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void toleratesUnknownFields() {
        Platform p = Json.parse("{\"os\":\"linux\",\"architecture\":\"amd64\",\"future\":42}".getBytes(StandardCharsets.UTF_8),
                Platform.class, "p");
        assertThat(p.os()).isEqualTo("linux");
    }

    /**
     * Found by ManifestJsonFuzzTest: bytes that Jackson's encoding detection takes for UTF-32 (leading
     * NULs, a UCS-4 byte-order mark) but that do not decode escaped as UncheckedIOException.
     */
    @Test
    void bytesThatAreNotTextInAJsonEncodingAreInvalidInputNotAnIoFailure() {
        byte[] leadingNuls = new byte[16];
        System.arraycopy("{\"sc".getBytes(StandardCharsets.US_ASCII), 0, leadingNuls, 12, 4);
        byte[] oddByteOrderMark = {(byte) 0xfe, (byte) 0xff, 0, 0, '#', '"', 0x14, 0, 0, 0, 0, 0};
        for (byte[] document : new byte[][] {leadingNuls, oddByteOrderMark}) {
            assertThatThrownBy(() -> Json.tree(document, "the manifest"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("the manifest is not valid JSON");
            assertThatThrownBy(() -> Json.parse(document, ImageConfig.class, "the config"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("the config is not valid JSON");
        }
    }

    @Test
    void parseNamesTheDocumentAndTypeOnBadJson() {
        assertThatThrownBy(() -> Json.parse("{\"os\":".getBytes(StandardCharsets.UTF_8), Platform.class, "the doc"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the doc")
                .hasMessageContaining("Platform");
    }

    @Test
    void aValueOfTheWrongKindIsNamedInTheDocumentsTermsNotJacksons() {
        String[][] cases = {
                {"{\"schemaVersion\":2,\"manifests\":\"x\"}", "manifests: expected an array, found a string"},
                {"{\"schemaVersion\":2,\"manifests\":[1]}", "manifests[0]: expected an object, found a number 1"},
                {"{\"schemaVersion\":2,\"manifests\":[{\"digest\":5}]}",
                        "manifests[0].digest: expected a digest string (sha256:...), found a number 5"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> Json.parse(c[0].getBytes(StandardCharsets.UTF_8), ImageIndex.class, "index.json"))
                    .as(c[0])
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(c[1])
                    .hasMessageNotContainingAny("java.util", "dev.gantry", "JsonToken", "StreamReadFeature", "Cannot deserialize");
        }
    }
}
