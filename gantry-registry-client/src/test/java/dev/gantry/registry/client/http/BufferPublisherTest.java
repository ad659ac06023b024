package dev.gantry.registry.client.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies reach the HttpClient in the pieces Gantry chose, without the JVM-wide jdk.httpclient.bufsize. */
class BufferPublisherTest {
    /** Takes one buffer at a time, as the HttpClient does, and remembers how the body arrived. */
    private static class Collector implements Flow.Subscriber<ByteBuffer> {
        final List<Integer> pieces = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Throwable error;
        boolean complete;
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer item) {
            pieces.add(item.remaining());
            byte[] b = new byte[item.remaining()];
            item.get(b);
            bytes.writeBytes(b);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void aStreamIsPublishedInQuarterMebibytePiecesWhateverTheJvmBufferSize() {
        byte[] data = random(600 << 10);
        Collector c = new Collector();
        BufferPublisher.reading(new ByteArrayInputStream(data), data.length).subscribe(c);
        assertThat(c.complete).isTrue();
        assertThat(c.error).isNull();
        assertThat(c.pieces).containsExactly(256 << 10, 256 << 10, 88 << 10);
        assertThat(c.bytes.toByteArray()).isEqualTo(data);
    }

    @Test
    void aStreamShorterThanDeclaredFailsTheBodyWithTheCounts() {
        Collector c = new Collector();
        BufferPublisher.reading(new ByteArrayInputStream(random(1000)), 300 << 10).subscribe(c);
        assertThat(c.complete).isFalse();
        assertThat(c.error).isInstanceOf(EOFException.class).hasMessageContaining("1000 of 307200 bytes");
    }

    @Test
    void theSourcesOwnReadFailureIsWhatTheBodyFailsWith() {
        IOException broken = new IOException("digest mismatch in blob sha256:ab");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }
        };
        Collector c = new Collector();
        BufferPublisher.reading(failing, 10).subscribe(c);
        assertThat(c.error).isSameAs(broken);
    }

    @Test
    void anEmptyBodyCompletesWithoutBeingAsked() {
        Collector c = new Collector() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                // asks for nothing
            }
        };
        BufferPublisher.reading(new ByteArrayInputStream(new byte[0]), 0).subscribe(c);
        assertThat(c.complete).isTrue();
    }
}
