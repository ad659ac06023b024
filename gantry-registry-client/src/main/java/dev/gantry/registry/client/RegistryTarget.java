package dev.gantry.registry.client;

import dev.gantry.copy.ReportingInputStream;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.ref.Reference;
import dev.gantry.transport.BlobOpener;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry repository as an {@link ImageTarget}. Blobs the repository has are skipped (HEAD);
 * blobs from another repository of the same registry are mounted; others are uploaded and
 * verified before their last bytes leave, streamed from the source, which is opened again where
 * the registry's copy ends when a request is cut. Manifests go up by digest as the copier writes them
 * (children before their index), and the tag is set on {@link #commit()}, so a failed push
 * never moves the tag. A manifest with a {@code subject} is added to the subject's fallback
 * referrers index when the registry does not index it itself. Blobs and manifests may be
 * written from several threads at once, as the copier does.
 */
public final class RegistryTarget implements ImageTarget {
    private final RegistryClient client;
    private final Reference reference;
    private final UploadPolicy uploads;
    private final Map<Digest, byte[]> written = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger mounted = new java.util.concurrent.atomic.AtomicInteger();
    private Descriptor root;

    /**
     * A target writing to {@code reference}'s repository through {@code client}.
     *
     * @param client    a client for the reference's repository, best made with {@code forPush} so one token covers
     *                  the push; the target closes its session when closed
     * @param reference where the image goes: its tag is set on {@link #commit()} ({@code latest} when it has neither
     *                  tag nor digest); a digest in it must be the digest of the image written
     * @param uploads   how blobs are sent: one PUT or chunks
     */
    public RegistryTarget(RegistryClient client, Reference reference, UploadPolicy uploads) {
        this.client = client;
        this.reference = reference;
        this.uploads = uploads;
    }

    @Override
    public String describe() {
        return "docker://" + reference;
    }

    @Override
    public ManifestFormat preferredFormat() {
        return ManifestFormat.ANY;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) throws IOException {
        if (MediaTypes.isManifest(descriptor.mediaType())) {
            return client.headManifest(descriptor.digest().toString()).isPresent();
        }
        return client.hasBlob(descriptor.digest());
    }

    /** A one-shot stream: an upload cut midway cannot continue (the copier uses {@link #putBlob(Descriptor, long, BlobOpener)}). */
    @Override
    public void putBlob(Descriptor descriptor, InputStream content) throws IOException {
        put(descriptor, content, null);
    }

    /** The source can be opened again, so a cut upload continues from the registry's offset. */
    @Override
    public void putBlob(Descriptor descriptor, long offset, BlobOpener source) throws IOException {
        if (offset != 0) {
            throw new IllegalArgumentException(describe() + " keeps no partial blobs; cannot resume " + descriptor.digest()
                    + " at byte " + offset);
        }
        try (InputStream first = source.open(0)) {
            put(descriptor, first, source);
        }
    }

    private void put(Descriptor descriptor, InputStream first, BlobOpener reopen) throws IOException {
        if (ReportingInputStream.unwrap(first) instanceof RemoteBlobStream remote && remote.unread()
                && remote.client().session().host().equals(client.session().host())
                && !remote.client().repository().equals(client.repository())) {
            var upload = client.mountOrStart(descriptor.digest(), remote.client().repository());
            if (upload.isEmpty()) {
                mounted.incrementAndGet();
                return;
            }
            client.upload(upload.get(), descriptor, first, reopen, uploads);
            return;
        }
        client.upload(client.startUpload(), descriptor, first, reopen, uploads);
    }

    /**
     * How many blobs were mounted from another repository instead of uploaded, for a copy's summary.
     *
     * @return the mounts that succeeded so far; a mount the registry turned into an upload does not count
     */
    public int mounted() {
        return mounted.get();
    }

    @Override
    public void putManifest(Descriptor descriptor, byte[] raw) throws IOException {
        if (!descriptor.digest().matches(raw) || descriptor.size() != raw.length) {
            throw new InvalidInputException("manifest for " + describe() + " does not match its descriptor " + descriptor.digest());
        }
        boolean indexed = client.putManifest(descriptor.digest().toString(), descriptor, raw);
        written.put(descriptor.digest(), raw);
        Digest subject = subjectOf(raw, descriptor);
        if (subject != null && !indexed) {
            new Referrers(client).addToFallback(descriptor, raw, subject);
        }
    }

    private static Digest subjectOf(byte[] raw, Descriptor descriptor) {
        var subject = dev.gantry.oci.Json.tree(raw, "manifest " + descriptor.digest()).path("subject").path("digest");
        return subject.isTextual() ? Digest.parse(subject.asText()) : null;
    }

    @Override
    public void setRoot(Descriptor descriptor) {
        this.root = descriptor;
    }

    @Override
    public void commit() throws IOException {
        if (root == null) {
            throw new IllegalStateException("commit before setRoot");
        }
        if (reference.digest() != null && !reference.digest().equals(root.digest())) {
            throw new InvalidInputException(describe() + " pins digest " + reference.digest() + " but the image written is "
                    + root.digest() + "; push by tag, or pin the digest of what is pushed");
        }
        String tag = reference.tag() != null ? reference.tag() : reference.digest() == null ? reference.tagOrDefault() : null;
        if (tag != null) {
            byte[] raw = written.get(root.digest());
            if (raw == null) {
                throw new IllegalStateException("root " + root.digest() + " was not written through this target");
            }
            client.putManifest(tag, root, raw);
        }
    }

    @Override
    public void close() {
        // Uploads either completed or were cancelled; what is left is the connection pool.
        client.session().close();
    }
}
