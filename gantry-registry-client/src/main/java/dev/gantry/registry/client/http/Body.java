package dev.gantry.registry.client.http;

import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.function.Supplier;

/**
 * A request body of known length. Bytes in memory can be sent again, so a request carrying them
 * may be retried; a stream can be read once (after a cut, the caller decides from where to send
 * the rest), so a request carrying one is never retried by the transport.
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

    /** A stream, whose resending after a cut is the caller's decision: never resent by the transport. */
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
