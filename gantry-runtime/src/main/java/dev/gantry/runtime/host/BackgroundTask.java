package dev.gantry.runtime.host;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One piece of I/O (usually a chain of host processes) run on a virtual thread of its own while the caller does
 * other work, then waited for: its result, or what it threw, rethrown as thrown. For overlapping a container's
 * network setup or teardown with the rest of a run.
 *
 * @param <T> what the work gives
 */
public final class BackgroundTask<T> {
    /**
     * The work.
     *
     * @param <T> what it gives
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @return its result
         * @throws IOException when it fails
         */
        T run() throws IOException;
    }

    private final CompletableFuture<T> result = new CompletableFuture<>();

    private BackgroundTask() {
    }

    /**
     * Starts the work on a virtual thread.
     *
     * @param name the thread's name
     * @param work the work
     * @param <T>  what it gives
     * @return the task under way
     */
    public static <T> BackgroundTask<T> start(String name, Work<T> work) {
        BackgroundTask<T> task = new BackgroundTask<>();
        Thread.ofVirtual().name(name).start(() -> {
            try {
                task.result.complete(work.run());
            } catch (IOException | RuntimeException | Error e) {
                task.result.completeExceptionally(e);
            }
        });
        return task;
    }

    /**
     * Waits for the work.
     *
     * @return its result
     * @throws IOException what the work threw (an unchecked exception or error is rethrown as it is), or when the
     *                     wait is interrupted (after the work has ended: nothing it made is then left half-made
     *                     behind the caller's cleanup)
     */
    public T join() throws IOException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            settle();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + Thread.currentThread().getName() + "'s background work", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    /**
     * Waits until the work has ended, however it ended, so that an undo which follows sees all it made (for
     * failure paths, where its own error no longer matters). An interrupt does not cut the wait short; it is kept
     * for the caller.
     */
    public void settle() {
        boolean interrupted = false;
        while (true) {
            try {
                result.handle((made, failed) -> null).get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException cannotHappen) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
