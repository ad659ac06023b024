package dev.gantry.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Gantry's one local store, and the policy for where it lives: every command that keeps
 * images (pull, run, build, commit, images, rmi, prune) finds it here, so an image pulled once
 * is never fetched again. It holds {@code images/} (one OCI layout: content-addressed blobs
 * shared by every image, each tagged by its full name, see {@link ImageStore}),
 * {@code snapshots/} (one directory per layer diff_id) and {@code containers/} (one directory
 * per container).
 *
 * <p>The directory is, first found: the one given (--root), {@code $GANTRY_ROOT},
 * {@code $XDG_DATA_HOME/gantry}, {@code ~/.local/share/gantry}. Caches that can be rebuilt
 * (the build's layer cache) live apart, under {@link #cacheHome()}.
 */
public record StoreRoot(Path dir) {
    public static final String ENV = "GANTRY_ROOT";

    public StoreRoot {
        dir = dir.toAbsolutePath().normalize();
    }

    /** The store at {@code explicit}, or the default one when it is null. */
    public static StoreRoot locate(Path explicit) {
        if (explicit != null) {
            return new StoreRoot(explicit);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isEmpty()) {
            return new StoreRoot(Path.of(env));
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return new StoreRoot(data.resolve("gantry"));
    }

    /**
     * Where Gantry keeps what it can rebuild (the build's layer cache): {@code $XDG_CACHE_HOME/gantry},
     * else {@code ~/.cache/gantry}. Image content never goes here: it belongs to the store.
     */
    public static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gantry");
    }

    public Path images() {
        return dir.resolve("images");
    }

    public Path snapshots() {
        return dir.resolve("snapshots");
    }

    /** Named volumes ({@code run -v NAME:/path}): one directory each, kept until removed. */
    public Path volumes() {
        return dir.resolve("volumes");
    }

    public Path containers() {
        return dir.resolve("containers");
    }

    /**
     * An exclusive lock over the store's shared indexes (the image layout's index.json,
     * deletions), held across processes; snapshot creation needs none (it is a rename).
     */
    public FileLock lock() throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return channel.lock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Releases a lock from {@link #lock()} and closes its file. */
    public static void release(FileLock lock) throws IOException {
        try (FileChannel channel = lock.channel()) {
            lock.release();
        }
    }
}
