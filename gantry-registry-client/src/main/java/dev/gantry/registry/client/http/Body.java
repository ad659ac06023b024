package dev.gantry.registry.client.http;

import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;

/**
 * A request body of known length. Bytes in memory can be sent again, so a request carrying them
 * may be retried; a stream can be read once, and buffers are the caller's to resend (it decides
 * from where, after a cut), so a request carrying either is never retried by the transport.
 */
public sealed interface Body {
    Body EMPTY = of(new byte[0]);

    long length();

    boolean replayable();

    /** For the JDK HttpClient, which sends what {@link HttpTransport} does not send over HttpURLConnection. */
    BodyPublisher publisher();

    static Body of(byte[] bytes) {
        return new Bytes(bytes);
    }

    /** A one-shot stream of exactly {@code length} bytes. */
    static Body stream(InputStream in, long length) {
        BufferPublisher publisher = BufferPublisher.reading(in, length);
        return new OneShot(length, () -> BodyPublishers.fromPublisher(publisher, length));
    }

    /**
     * Buffers sent as they are, without a copy (for big bodies already in memory). The caller must
     * not change them until the response has arrived.
     */
    static Body buffers(List<ByteBuffer> buffers) {
        long length = buffers.stream().mapToLong(ByteBuffer::remaining).sum();
        BufferPublisher publisher = BufferPublisher.of(buffers);
        return new OneShot(length, () -> BodyPublishers.fromPublisher(publisher, length));
    }

    /** A small body in memory (manifests, token requests). */
    record Bytes(byte[] bytes) implements Body {
        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public boolean replayable() {
            return true;
        }

        @Override
        public BodyPublisher publisher() {
            return BodyPublishers.ofByteArray(bytes);
        }
    }

    /** A stream, or buffers whose resending after a cut is the caller's decision: never resent by the transport. */
    record OneShot(long length, Supplier<BodyPublisher> publishers) implements Body {
        @Override
        public boolean replayable() {
            return false;
        }

        @Override
        public BodyPublisher publisher() {
            return publishers.get();
        }
    }
}
