package dev.gantry.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A tmpfs of a few MiB mounted on a test's directory, so "the disk is full" happens for real
 * (ENOSPC from the kernel) without filling the machine. Needs root (skips otherwise, or fails
 * under {@link PeerRequirement#SWITCH}); {@link #close()} unmounts, lazily if something still
 * holds it open.
 */
public final class SmallFileSystem implements AutoCloseable {
    private final Path mountPoint;

    private SmallFileSystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code mib} MiB on {@code dir} (created when missing). */
    public static SmallFileSystem mount(Path dir, int mib) throws IOException {
        PeerTools.assumeRoot("mounting a " + mib + " MiB tmpfs to fill it up");
        PeerTools.assumeInstalled("mount", "umount");
        Files.createDirectories(dir);
        PeerTools.run(Duration.ofSeconds(30), null, List.of("mount", "-t", "tmpfs", "-o", "size=" + mib + "m,mode=0755", "tmpfs", dir.toString()));
        return new SmallFileSystem(dir);
    }

    public Path path() {
        return mountPoint;
    }

    /** Bytes still free for writing. */
    public long freeBytes() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /**
     * Writes a file of zeros until the file system has at most {@code leave} bytes free (tmpfs
     * counts whole pages, so it may leave a little less), and returns it: deleting it frees the space.
     */
    public Path fillLeaving(long leave, String name) throws IOException {
        Path filler = mountPoint.resolve(name);
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (freeBytes() > leave) {
                long step = Math.max(page.length, Math.min(1 << 20, freeBytes() - leave));
                for (long written = 0; written < step; written += page.length) {
                    out.write(page);
                }
                out.flush();
            }
        }
        return filler;
    }

    @Override
    public void close() {
        PeerTools.Result result = PeerTools.runAllowingFailure(Duration.ofSeconds(30), null, List.of("umount", mountPoint.toString()));
        if (!result.ok()) {
            PeerTools.runAllowingFailure(Duration.ofSeconds(30), null, List.of("umount", "-l", mountPoint.toString()));
        }
    }
}
