package dev.gantry.transport.files;

import dev.gantry.error.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes files into a directory: to a temporary name beside the target, then an atomic rename. */
public final class DirTreeWriter implements TreeWriter {
    private final DirTree tree;

    public DirTreeWriter(Path root) throws IOException {
        Files.createDirectories(root);
        this.tree = new DirTree(root);
    }

    @Override
    public String describe() {
        return tree.describe();
    }

    @Override
    public boolean exists(String path) throws IOException {
        return tree.exists(path);
    }

    @Override
    public void write(String path, long size, InputStream content) throws IOException {
        Path file = tree.resolve(path);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".partial");
        try {
            long written;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                written = content.transferTo(out);
            }
            if (size >= 0 && written != size) {
                throw new InvalidInputException(path + ": got " + written + " bytes, expected " + size);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void commit() {
    }

    @Override
    public void close() {
    }
}
