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
 *
 * @param dir the store's directory, made absolute and normalised; it need not exist yet
 */
public record StoreRoot(Path dir) {
    /** The environment variable naming the store when {@code --root} is not given. */
    public static final String ENV = "GANTRY_ROOT";

    /** Makes the directory absolute and normalised, so every path under it is too. */
    public StoreRoot {
        dir = dir.toAbsolutePath().normalize();
    }

    /**
     * {@return the store at {@code explicit}, or the default one when it is null}
     *
     * @param explicit the directory given with {@code --root}, or null
     */
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
     *
     * @return the cache directory (not created)
     */
    public static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gantry");
    }

    /** {@return the store's OCI layout, holding every stored image's blobs and names} */
    public Path images() {
        return dir.resolve("images");
    }

    /** {@return where the runtime unpacks each layer once, by diff_id, for overlay mounts} */
    public Path snapshots() {
        return dir.resolve("snapshots");
    }

    /** {@return where named volumes ({@code run -v NAME:/path}) live: one directory each, kept until removed} */
    public Path volumes() {
        return dir.resolve("volumes");
    }

    /** {@return where the runtime keeps one directory per container} */
    public Path containers() {
        return dir.resolve("containers");
    }

    /**
     * An exclusive lock over the store's shared indexes (the image layout's index.json,
     * deletions), held across processes; snapshot creation needs none (it is a rename).
     *
     * @return the lock, held until {@link #release}; blocks while another process holds it
     * @throws IOException when the lock file cannot be created or locked
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

    /**
     * Releases a lock from {@link #lock()} and closes its file.
     *
     * @param lock the lock
     * @throws IOException when releasing or closing fails
     */
    public static void release(FileLock lock) throws IOException {
        FileChannel channel = lock.channel();
        try {
            lock.release();
        } finally {
            channel.close(); // closing the file releases the lock too, should release have failed
        }
    }
}
