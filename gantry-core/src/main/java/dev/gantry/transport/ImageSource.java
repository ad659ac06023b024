package dev.gantry.transport;

import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where images are read from: a reference resolved to a root descriptor, and blobs by
 * descriptor. Every transport (layout, archives, later registries) implements this, so
 * inspection, validation and copy work on all of them alike. Listing what a store holds is
 * {@link TagLister}'s, which the sources that can list implement as well.
 */
public interface ImageSource extends Closeable {
    /** {@return how the source names itself in messages and output, e.g. {@code oci:/tmp/img:latest}} */
    String describe();

    /**
     * {@return the descriptor of the manifest or index the reference points at}
     * Resolved on first use, so a source opened only to list its tags needs no tag.
     *
     * @throws dev.gantry.error.NotFoundException when the reference names nothing here; the message lists what exists
     * @throws IOException                        when the source cannot be read
     */
    Descriptor root() throws IOException;

    /**
     * Opens the stored bytes of a blob or manifest, unverified; callers verify while reading
     * ({@link dev.gantry.image.Layer#openCompressed()} does).
     *
     * @param descriptor the blob's descriptor, as the document naming it gives it
     * @return the stored bytes; the caller closes it
     * @throws dev.gantry.error.NotFoundException when the source lacks the blob
     * @throws IOException                        when it cannot be opened
     */
    InputStream openBlob(Descriptor descriptor) throws IOException;

    /**
     * Opens a blob's bytes from {@code offset} on, to finish an interrupted copy; unverified, like
     * {@link #openBlob(Descriptor)}. Sources that can seek (a registry's Range request) override this.
     *
     * @param descriptor the blob's descriptor
     * @param offset     how many leading bytes to skip
     * @return the bytes from {@code offset}; the caller closes it
     * @throws IOException when it cannot be opened, or has fewer than {@code offset} bytes
     */
    default InputStream openBlob(Descriptor descriptor, long offset) throws IOException {
        return skipTo(openBlob(descriptor), offset);
    }

    /**
     * Skips a stream's first bytes; the stream is closed when skipping fails, so no stream leaks.
     *
     * @param in     a freshly opened stream
     * @param offset how many bytes to skip
     * @return {@code in}, past its first {@code offset} bytes
     * @throws java.io.EOFException when the stream ends first
     * @throws IOException          when reading fails
     */
    static InputStream skipTo(InputStream in, long offset) throws IOException {
        try {
            in.skipNBytes(offset);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return in;
    }

    /**
     * {@return where a blob lives inside the source, for error messages ("blobs/sha256/ab..", "base/layer.tar")}
     *
     * @param descriptor the blob's descriptor
     */
    default String locate(Descriptor descriptor) {
        return descriptor.digest().toString();
    }

    /**
     * Reads a manifest's bytes, bounded to {@link Json#MAX_MANIFEST_BYTES} and verified against its descriptor.
     *
     * @param descriptor the manifest's descriptor
     * @return the exact bytes
     * @throws dev.gantry.error.UnsupportedFormatException when the descriptor names a schema1 manifest
     * @throws dev.gantry.error.LimitExceededException     when it declares more than the limit
     * @throws dev.gantry.error.DigestMismatchException    when the stored bytes are not the ones named
     * @throws IOException                                 when they cannot be read
     */
    default byte[] readManifest(Descriptor descriptor) throws IOException {
        if (MediaTypes.isSchema1(descriptor.mediaType())) {
            throw MediaTypes.schema1("manifest " + descriptor.digest() + " (" + locate(descriptor) + " in " + describe() + ")");
        }
        return readVerified(descriptor, Json.MAX_MANIFEST_BYTES, "manifest");
    }

    /**
     * Reads a small JSON blob (manifest, config) into memory, refused when larger than {@code limit}, and verified.
     *
     * @param descriptor the blob's descriptor
     * @param limit      the most bytes it may have; a larger declared size is refused before reading
     * @param kind       what it is, for messages ("config", "manifest")
     * @return the exact bytes
     * @throws dev.gantry.error.LimitExceededException  when it is larger than {@code limit}
     * @throws dev.gantry.error.DigestMismatchException when the stored bytes are not the ones named
     * @throws IOException                              when they cannot be read
     */
    default byte[] readVerified(Descriptor descriptor, int limit, String kind) throws IOException {
        String what = kind + " " + descriptor.digest() + " (" + locate(descriptor) + " in " + describe() + ")";
        if (descriptor.size() > limit) {
            throw new dev.gantry.error.LimitExceededException(what + " declares " + descriptor.size()
                    + " bytes, over the " + Json.describeSize(limit) + " limit");
        }
        try (InputStream in = new VerifyingInputStream(openBlob(descriptor), descriptor.digest(), descriptor.size(), what)) {
            byte[] bytes = Json.readBounded(in, limit, what);
            // readBounded stops at limit+1 bytes; make sure the verifier saw the end.
            if (in.read() >= 0) {
                throw new dev.gantry.error.DigestMismatchException(what + ": content is longer than its descriptor states");
            }
            return bytes;
        }
    }
}
