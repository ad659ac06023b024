package dev.gantry.transport.files;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A {@link FileTree} over a directory; paths are normalised and symlinks leading out are refused. */
public final class DirTree implements FileTree {
    private final Path root;

    public DirTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The file a relative path names, checked to stay inside the root even through symlinks:
     * the file itself or any directory on the way (a symlinked blobs/sha256, say). For a file
     * not written yet, the deepest directory that exists is checked, so writes cannot leave either.
     */
    public Path resolve(String path) throws IOException {
        Path file = root.resolve(SafePaths.normalise(path, root.toString()));
        Path existing = file;
        while (existing != null && existing.startsWith(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.startsWith(root) || existing.equals(root)) {
            return file;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException dangling) {
            return file; // a dangling symlink: reading it finds nothing, writing replaces the link itself
        }
        if (!real.startsWith(root.toRealPath())) {
            throw new InvalidInputException(file + " leads outside " + root + " through a symlink ("
                    + existing + " is really " + real + ")");
        }
        return file;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public boolean exists(String path) throws IOException {
        return Files.isRegularFile(resolve(path));
    }

    @Override
    public long size(String path) throws IOException {
        Path file = resolve(path);
        return Files.isRegularFile(file) ? Files.size(file) : -1;
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path file = resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException(path + " not found in " + root);
        }
        return Files.newInputStream(file);
    }

    @Override
    public void close() {
    }
}
