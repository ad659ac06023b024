package dev.gantry.registry.testing;

import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StorageSpace;
import dev.gantry.registry.storage.StorageWriter;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A driver passing every call to another; tests override what they change. */
public class ForwardingDriver implements StorageDriver {
    protected final StorageDriver inner;

    public ForwardingDriver(StorageDriver inner) {
        this.inner = inner;
    }

    @Override
    public byte[] getContent(String path, int limit) throws IOException {
        return inner.getContent(path, limit);
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        inner.putContent(path, content);
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return inner.reader(path, offset);
    }

    @Override
    public StorageWriter writer(String path, long offset) throws IOException {
        return inner.writer(path, offset);
    }

    @Override
    public long size(String path) throws IOException {
        return inner.size(path);
    }

    @Override
    public boolean exists(String path) {
        return inner.exists(path);
    }

    @Override
    public Instant modified(String path) throws IOException {
        return inner.modified(path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        return inner.list(path);
    }

    @Override
    public void move(String from, String to) throws IOException {
        inner.move(from, to);
    }

    @Override
    public void delete(String path) throws IOException {
        inner.delete(path);
    }

    @Override
    public Optional<Path> localFile(String path) {
        return inner.localFile(path);
    }

    @Override
    public Optional<URI> redirectUrl(String path, String method) throws IOException {
        return inner.redirectUrl(path, method);
    }

    @Override
    public Optional<StorageSpace> space() {
        return inner.space();
    }
}
