package dev.gantry.transport.files;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /** The file a relative path names, checked to stay inside the root even through symlinks. */
    public Path resolve(String path) throws IOException {
        Path file = root.resolve(SafePaths.normalise(path, root.toString()));
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && Files.isSymbolicLink(file)) {
            Path real = file.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new InvalidInputException(file + " is a symlink that leads outside " + root);
            }
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
