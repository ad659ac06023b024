package dev.gantry.concurrent;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pool for I/O work on blobs (copying, hashing, inflating), whose failures come back
 * as the exception the task threw, not wrapped: the first failure cancels the rest. Closing the
 * pool interrupts what is left and waits a moment for it to stop, so an operation that failed has
 * no request still in flight once it has thrown; threads are daemons, so one that ignores the
 * interrupt (a blocked socket read) never keeps a failed CLI from exiting.
 */
public final class WorkerPool implements AutoCloseable {
    private static final long STOP_WAIT_SECONDS = 5;
    private final ExecutorService executor;

    public WorkerPool(String name, int threads) {
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    public Future<?> submit(Runnable task) {
        return executor.submit(task);
    }

    /** Waits for every task; rethrows the first failure as it was thrown (IOExceptions unwrapped). */
    public static void awaitAll(List<? extends Future<?>> futures) throws IOException {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
