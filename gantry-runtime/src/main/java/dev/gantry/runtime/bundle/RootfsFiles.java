package dev.gantry.runtime.bundle;

import dev.gantry.error.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads small text files (etc/passwd, etc/group) of an unpacked rootfs without following
 * symlinks: a rootfs may carry {@code etc/passwd -> /etc/passwd}, and the host's file must
 * never be what decides the container's user. Such a file counts as absent.
 */
final class RootfsFiles {
    private static final int MAX_BYTES = 4 << 20;

    private RootfsFiles() {
    }

    /** The file's text, or null when it is missing or any component of its path is a symlink. */
    static String read(Path rootfs, String relative) throws IOException {
        Path current = rootfs;
        String[] parts = relative.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        Path file = current.resolve(parts[parts.length - 1]);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             InputStream in = Channels.newInputStream(channel)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new InvalidInputException("rootfs " + relative + " is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
