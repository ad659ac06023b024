package dev.gantry.registry.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Range header of an upload status (GET on the upload URL), read to resume a cut PATCH. */
class UploadStatusRangeTest {
    @Test
    void zeroToLastMeansLastPlusOneBytesAndZeroZeroMeansNone() throws IOException {
        assertThat(BlobUpload.receivedBytes("0-1048575")).isEqualTo(1 << 20);
        assertThat(BlobUpload.receivedBytes("bytes=0-99")).isEqualTo(100);
        assertThat(BlobUpload.receivedBytes(" 0-9 ")).isEqualTo(10);
        assertThat(BlobUpload.receivedBytes("0-0")).isZero();
    }

    /** Found by ClientHeadersFuzzTest.uploadRange: these threw NumberFormatException, or gave a negative count. */
    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "0-", "-", "0--5", "0-9223372036854775807", "0-99999999999999999999", "5-9"})
    void aRangeThatIsNotZeroToLastIsTheRegistrysProtocolErrorNamingIt(String range) {
        assertThatThrownBy(() -> BlobUpload.receivedBytes(range))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Range '" + range + "'");
    }
}
