package dev.gantry.registry.client;

import dev.gantry.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;

/**
 * A blob of a registry repository, fetched on the first read. Until then it is only a name, so
 * a {@link RegistryTarget} on the same host can mount the blob instead of copying it, without
 * a GET having been sent for nothing.
 */
final class RemoteBlobStream extends InputStream {
    private final RegistryClient client;
    private final Descriptor descriptor;
    private InputStream in;
    private boolean closed;

    RemoteBlobStream(RegistryClient client, Descriptor descriptor) {
        this.client = client;
        this.descriptor = descriptor;
    }

    RegistryClient client() {
        return client;
    }

    /** True until bytes were asked for (mounting is only possible before that). */
    boolean unread() {
        return in == null;
    }

    private InputStream in() throws IOException {
        if (closed) {
            throw new IOException("stream of " + descriptor.digest() + " is closed");
        }
        if (in == null) {
            in = client.open(descriptor);
        }
        return in;
    }

    @Override
    public int read() throws IOException {
        return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in().read(b, off, len);
    }

    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
        return in().transferTo(out);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (in != null) {
            in.close();
        }
    }
}
