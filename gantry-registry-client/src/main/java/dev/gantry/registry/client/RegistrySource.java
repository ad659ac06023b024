package dev.gantry.registry.client;

import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.ref.Reference;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TagLister;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry image as an {@link ImageSource}. The tag is resolved with HEAD (GET when the
 * registry leaves the digest out); blobs stream straight from the response, never buffered,
 * and are verified by whoever reads them (targets and image views do). Manifests fetched while
 * resolving are kept, so the root is not downloaded twice. A blob's stream sends no request
 * until its first read, so a {@link RegistryTarget} on the same registry can mount it instead.
 * Safe for the copier's parallel blob reads.
 */
public final class RegistrySource implements ImageSource, TagLister {
    private final RegistryClient client;
    private final Reference reference;
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private volatile Descriptor root;

    /**
     * A source reading {@code reference} through {@code client}; nothing is sent until the root is asked for.
     *
     * @param client    a client for the reference's repository; the source closes its session when closed
     * @param reference the image to read: its digest when it has one (the registry must answer with that digest),
     *                  else its tag ({@code latest} when it has neither)
     */
    public RegistrySource(RegistryClient client, Reference reference) {
        this.client = client;
        this.reference = reference;
    }

    @Override
    public String describe() {
        return "docker://" + reference;
    }

    @Override
    public synchronized Descriptor root() throws IOException {
        if (root == null) {
            root = resolve();
        }
        return root;
    }

    private Descriptor resolve() throws IOException {
        String wanted = reference.digest() != null ? reference.digest().toString() : reference.tagOrDefault();
        Descriptor found = client.headManifest(wanted).orElse(null);
        if (found == null) {
            // GET says why (unknown tag or repository) and lists what exists.
            ManifestResponse m = client.getManifest(wanted);
            manifests.put(m.descriptor().digest().toString(), m.raw());
            found = m.descriptor();
        }
        if (reference.digest() != null && !found.digest().equals(reference.digest())) {
            throw new NotFoundException(describe() + ": the registry answered with " + found.digest());
        }
        if (!MediaTypes.isManifest(found.mediaType()) && !MediaTypes.isSchema1(found.mediaType())) {
            throw new dev.gantry.error.UnsupportedFormatException(describe() + " is a " + found.mediaType()
                    + ", not an image manifest or index");
        }
        return found;
    }

    @Override
    public List<String> tags() throws IOException {
        return client.tags();
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        byte[] cached = manifests.get(descriptor.digest().toString());
        if (cached != null) {
            return new ByteArrayInputStream(cached);
        }
        return new RemoteBlobStream(client, descriptor);
    }

    /** The rest of a blob with {@code Range}, for a copy that kept the first {@code offset} bytes. */
    @Override
    public InputStream openBlob(Descriptor descriptor, long offset) throws IOException {
        return offset == 0 ? openBlob(descriptor) : new RemoteBlobStream(client, descriptor, offset);
    }

    @Override
    public String locate(Descriptor descriptor) {
        return client.name() + "@" + descriptor.digest();
    }

    /**
     * The client this source reads through, for registry-only operations on the same repository (tags, referrers).
     *
     * @return the client given at construction
     */
    public RegistryClient client() {
        return client;
    }

    @Override
    public void close() {
        client.session().close();
    }
}
