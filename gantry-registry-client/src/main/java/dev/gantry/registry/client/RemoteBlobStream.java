package dev.gantry.registry.client;

import dev.gantry.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;

/**
 * A blob of a registry repository, fetched on the first read. Until then it is only a name, so
 * a {@link RegistryTarget} on the same host can mount the blob instead of copying it, without
 * a GET having been sent for nothing. When the connection drops mid-blob, the rest is asked
 * for with {@code Range: bytes=N-} (a few times), so a long download does not start over; the
 * reader's digest check covers the joined bytes as it would the whole.
 */
final class RemoteBlobStream extends InputStream {
    private static final int MAX_RESUMES = 3;

    private final RegistryClient client;
    private final Descriptor descriptor;
    private final long start;
    private InputStream in;
    private long position;
    private int resumes;
    private boolean closed;

    RemoteBlobStream(RegistryClient client, Descriptor descriptor) {
        this(client, descriptor, 0);
    }

    /** The blob's bytes from {@code start} on (a copy interrupted in an earlier run kept the first ones). */
    RemoteBlobStream(RegistryClient client, Descriptor descriptor, long start) {
        this.client = client;
        this.descriptor = descriptor;
        this.start = start;
        this.position = start;
    }

    RegistryClient client() {
        return client;
    }

    /** True until bytes were asked for (mounting is only possible before that). */
    boolean unread() {
        return in == null;
    }

    /** How many times the download was resumed after a dropped connection. */
    int resumes() {
        return resumes;
    }

    private InputStream in() throws IOException {
        if (closed) {
            throw new IOException("stream of " + descriptor.digest() + " is closed");
        }
        if (in == null) {
            in = start == 0 ? client.open(descriptor) : client.openFrom(descriptor, start);
        }
        return in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            IOException failure;
            try {
                int n = in().read(b, off, len);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (n < 0 && position >= descriptor.size()) {
                    return n;
                }
                if (n == 0) {
                    return 0;
                }
                failure = new IOException("connection closed after " + position + " of " + descriptor.size() + " bytes");
            } catch (IOException e) {
                failure = e;
            }
            if (closed || resumes >= MAX_RESUMES || position == start || position >= descriptor.size()) {
                throw failure;
            }
            resumes++;
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is already broken
            }
            in = client.openFrom(descriptor, position);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (in != null) {
            in.close();
        }
    }
}
