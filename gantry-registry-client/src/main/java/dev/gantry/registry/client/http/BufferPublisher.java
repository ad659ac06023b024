package dev.gantry.registry.client.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Publishes a request body to the JDK HttpClient in buffers Gantry chose. The JDK's own
 * publishers copy every byte into a fresh buffer first, and size a stream's buffers by the
 * JVM-wide {@code jdk.httpclient.bufsize} (16 KiB unless the process sets it): a stream is read
 * in {@link #STREAM_PIECE} arrays handed over as they are, so uploads move in large pieces in any
 * JVM, whatever the process chose.
 */
final class BufferPublisher implements Flow.Publisher<ByteBuffer> {
    /**
     * A stream's read size. 16 KiB pieces cost CPU per piece; 1 MiB ones are humongous objects to
     * G1 at a 256 MiB heap (a 671 MB push ran 200 collections, 67 of them concurrent cycles);
     * 256 KiB ones are ordinary young garbage.
     */
    static final int STREAM_PIECE = 256 << 10;

    /** A subscriber's buffers, made as it asks for them; {@code next()} may block reading, and fails with UncheckedIOException. */
    private final Supplier<Iterator<ByteBuffer>> items;

    private BufferPublisher(Supplier<Iterator<ByteBuffer>> items) {
        this.items = items;
    }

    /** Exactly {@code length} bytes of a one-shot stream, read as the client asks; a shorter stream fails the request. */
    static BufferPublisher reading(InputStream in, long length) {
        return new BufferPublisher(() -> new Iterator<>() {
            private long left = length;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public ByteBuffer next() {
                byte[] piece = new byte[(int) Math.min(STREAM_PIECE, left)];
                try {
                    int read = in.readNBytes(piece, 0, piece.length);
                    if (read < piece.length) {
                        throw new EOFException("request body ended after " + (length - left + read) + " of " + length + " bytes");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // Iterator.next cannot throw IOException; unwrapped for onError below
                }
                left -= piece.length;
                return ByteBuffer.wrap(piece);
            }
        });
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        BufferSubscription subscription = new BufferSubscription(subscriber, items.get());
        subscriber.onSubscribe(subscription);
        subscription.drain(); // completes an empty body without waiting for demand
    }

    private static final class BufferSubscription implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final Iterator<ByteBuffer> items;
        private final AtomicLong demand = new AtomicLong();
        /** Drain-loop guard: request() may be called from within onNext, or from another thread. */
        private final AtomicInteger pending = new AtomicInteger();
        private volatile boolean done;

        BufferSubscription(Flow.Subscriber<? super ByteBuffer> subscriber, Iterator<ByteBuffer> items) {
            this.subscriber = subscriber;
            this.items = items;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                done = true;
                subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            done = true;
        }

        void drain() {
            if (pending.getAndIncrement() != 0) {
                return;
            }
            do {
                while (!done) {
                    if (!items.hasNext()) {
                        done = true;
                        subscriber.onComplete();
                        break;
                    }
                    if (demand.get() == 0) {
                        break;
                    }
                    ByteBuffer item;
                    try {
                        item = items.next();
                    } catch (RuntimeException e) {
                        // The source's own failure (a digest mismatch, a read error) is what the request fails with.
                        done = true;
                        subscriber.onError(e instanceof UncheckedIOException io ? io.getCause() : e);
                        break;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(item);
                }
            } while (pending.decrementAndGet() != 0);
        }
    }
}
