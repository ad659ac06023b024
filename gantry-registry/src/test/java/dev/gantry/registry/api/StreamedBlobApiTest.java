package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.registry.testing.TestDriverProviders;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every blob GET/HEAD/Range case of {@link BlobApiTest} again, over a driver without local files
 * (as an object store is), so the bytes stream through {@code StorageDriver.reader}.
 */
class StreamedBlobApiTest extends BlobApiTest {
    @BeforeAll
    static void start() throws Exception {
        registry = new TestRegistry(dir, config -> config.withStorage(TestDriverProviders.streaming(dir)));
        digest = registry.pushBlob("blobs/test", CONTENT);
    }

    @Test
    void aLargeBlobStreamsWholeAndByRange() throws Exception {
        byte[] large = new byte[(3 << 20) + 11];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 7 + i / 1000);
        }
        Digest big = registry.pushBlob("blobs/large", large);
        HttpResponse<byte[]> whole = registry.get("/v2/blobs/large/blobs/" + big);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(large);
        long from = (1 << 20) + 5;
        long to = (2 << 20) + 100;
        HttpResponse<byte[]> part = registry.send("GET", "/v2/blobs/large/blobs/" + big, null, Map.of("Range", "bytes=" + from + "-" + to));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes " + from + "-" + to + "/" + large.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(large, (int) from, (int) to + 1));
    }
}
