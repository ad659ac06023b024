package dev.gantry.registry.client.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A request body of known length. Bytes in memory can be sent again, so a request carrying
 * them may be retried; a stream can be read once, so a request carrying it is never retried.
 */
public record Body(long length, Supplier<InputStream> opener, boolean replayable) {
    public static final Body EMPTY = of(new byte[0]);

    public static Body of(byte[] bytes) {
        return new Body(bytes.length, () -> new ByteArrayInputStream(bytes), true);
    }

    /** A one-shot stream of exactly {@code length} bytes. */
    public static Body stream(InputStream in, long length) {
        return new Body(length, () -> in, false);
    }
}
