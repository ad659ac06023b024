package dev.gantry.concurrent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerPoolTest {
    @Test
    void rethrowsTheFirstFailureUnwrapped() {
        try (WorkerPool pool = new WorkerPool("test", 2)) {
            List<Future<?>> futures = List.of(pool.submit(() -> {
                throw new IOException("blob sha256:abc is truncated");
            }));
            assertThatThrownBy(() -> WorkerPool.awaitAll(futures))
                    .isExactlyInstanceOf(IOException.class).hasMessage("blob sha256:abc is truncated");
        }
    }

    @Test
    void noTaskIsStillRunningOnceAFailedOperationHasClosedItsPool() throws Exception {
        AtomicBoolean slowTaskEnded = new AtomicBoolean();
        CountDownLatch slowTaskStarted = new CountDownLatch(1);
        try (WorkerPool pool = new WorkerPool("test", 2)) {
            Future<?> slow = pool.submit(() -> {
                slowTaskStarted.countDown();
                try {
                    // Like a request in flight: finishes its step even when interrupted.
                    long end = System.nanoTime() + 300_000_000L;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                } finally {
                    slowTaskEnded.set(true);
                }
            });
            slowTaskStarted.await();
            Future<?> failing = pool.submit(() -> {
                throw new IOException("401 UNAUTHORIZED");
            });
            assertThatThrownBy(() -> WorkerPool.awaitAll(List.of(failing, slow))).hasMessage("401 UNAUTHORIZED");
        }
        assertThat(slowTaskEnded).isTrue();
    }
}
