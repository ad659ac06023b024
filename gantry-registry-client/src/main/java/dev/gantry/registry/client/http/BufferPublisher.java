package dev.gantry.registry.client.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes buffers already in memory to the JDK HttpClient as they are. The JDK's own
 * publishers for arrays and streams copy every byte into a fresh buffer first; for a pushed
 * layer that is an extra copy and a garbage array per 256 KiB. Each subscriber gets its own
 * views of the buffers, so a request can be sent again without the content being touched.
 */
final class BufferPublisher implements Flow.Publisher<ByteBuffer> {
    private final List<ByteBuffer> buffers;

    BufferPublisher(List<ByteBuffer> buffers) {
        this.buffers = List.copyOf(buffers);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        BufferSubscription subscription = new BufferSubscription(subscriber);
        subscriber.onSubscribe(subscription);
        subscription.drain(); // completes an empty body without waiting for demand
    }

    private final class BufferSubscription implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        /** Drain-loop guard: request() may be called from within onNext, or from another thread. */
        private final AtomicInteger pending = new AtomicInteger();
        private volatile boolean done;
        private int next;

        BufferSubscription(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
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
                while (!done && next < buffers.size() && demand.get() > 0) {
                    demand.decrementAndGet();
                    subscriber.onNext(buffers.get(next++).duplicate());
                }
                if (!done && next == buffers.size()) {
                    done = true;
                    subscriber.onComplete();
                }
            } while (pending.decrementAndGet() != 0);
        }
    }
}
