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
        Thread test = Thread.currentThread();
        AtomicBoolean failureSeen = new AtomicBoolean();
        AtomicBoolean testOver = new AtomicBoolean();
        AtomicBoolean slowTaskEnded = new AtomicBoolean();
        CountDownLatch slowTaskStarted = new CountDownLatch(1);
        try {
            try (WorkerPool pool = new WorkerPool("test", 2)) {
                Future<?> slow = pool.submit(() -> {
                    slowTaskStarted.countDown();
                    try {
                        // Like a request in flight: finishes its step even when interrupted, and only once the test
                        // has seen the failure and waits (the only wait left is in close()). No clock decides.
                        while (!(failureSeen.get() && waiting(test)) && !testOver.get()) {
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
                assertThat(slowTaskEnded).as("still in flight after the failure").isFalse();
                failureSeen.set(true);
            }
            assertThat(slowTaskEnded).isTrue();
        } finally {
            testOver.set(true); // a close() that did not wait must not leave the task spinning
        }
    }

    private static boolean waiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
