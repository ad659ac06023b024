package dev.gantry.transport;

import dev.gantry.oci.Descriptor;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where images are written. Blobs are verified while written and become visible only when
 * complete; nothing the target writes is part of a valid image until {@link #commit()}.
 * Closing without committing discards what can be discarded (a half-written archive is
 * deleted; blobs already placed in a layout stay, since they are content-addressed and
 * harmless).
 */
public interface ImageTarget extends Closeable {
    /** {@return how the target names itself in messages, e.g. {@code docker-archive:/tmp/x.tar}} */
    String describe();

    /** {@return the manifest format this target stores; the copier converts to it when needed} */
    ManifestFormat preferredFormat();

    /**
     * {@return true when the target already holds this blob, so a copy can skip it}
     *
     * @param descriptor the blob's descriptor
     * @throws IOException when the target cannot be asked
     */
    boolean hasBlob(Descriptor descriptor) throws IOException;

    /**
     * Stores a blob, verifying its digest and size while reading {@code content}; the blob becomes
     * visible only when the whole of it matched.
     *
     * @param descriptor the blob's descriptor
     * @param content    its bytes, read to the end (not closed)
     * @throws dev.gantry.error.DigestMismatchException  when the content is not what the descriptor names;
     *                                                   nothing of it is kept
     * @throws dev.gantry.error.TransferRestartException when the target lost a partly received blob
     *                                                   (resending from byte 0 may work)
     * @throws IOException                               when reading or writing fails
     */
    void putBlob(Descriptor descriptor, InputStream content) throws IOException;

    /**
     * How many leading bytes of this blob an interrupted earlier copy left in the target, so the
     * copy can ask the source for the rest only.
     *
     * @param descriptor the blob's descriptor
     * @return the bytes kept; 0 for none, or when the target keeps no partial blobs
     * @throws IOException when the target cannot be asked
     */
    default long resumeOffset(Descriptor descriptor) throws IOException {
        return 0;
    }

    /**
     * Stores a blob from the bytes after the {@link #resumeOffset} kept ones: {@code rest} starts
     * at byte {@code offset}. The digest still covers the whole blob; when it fails, the kept
     * bytes are dropped too.
     *
     * @param descriptor the blob's descriptor
     * @param offset     the kept bytes ({@link #resumeOffset}); 0 to send the whole blob
     * @param rest       the blob's bytes from {@code offset}, read to the end (not closed)
     * @throws IllegalArgumentException when {@code offset} is not 0 and the target keeps no partial blobs
     * @throws IOException              when reading or writing fails, and as {@link #putBlob(Descriptor, InputStream)}
     */
    default void putBlob(Descriptor descriptor, long offset, InputStream rest) throws IOException {
        if (offset != 0) {
            throw new IllegalArgumentException(describe() + " keeps no partial blobs; cannot resume " + descriptor.digest()
                    + " at byte " + offset);
        }
        putBlob(descriptor, rest);
    }

    /**
     * Stores a blob from byte {@code offset} on (see {@link #resumeOffset}), opening its bytes
     * through {@code source}: a target that can continue an interrupted transfer itself (a
     * registry upload cut midway) opens the source again where the target's copy ends. The
     * default opens it once and stores that stream.
     *
     * @param descriptor the blob's digest and size, which the stored bytes must match
     * @param offset     where the bytes to send begin: 0, or the {@link #resumeOffset} this target reported
     * @param source     the blob's bytes from any offset on; each stream opened is closed by the target
     * @throws IOException when reading the source or writing fails
     */
    default void putBlob(Descriptor descriptor, long offset, BlobOpener source) throws IOException {
        try (InputStream rest = source.open(offset)) {
            putBlob(descriptor, offset, rest);
        }
    }

    /**
     * Stores a manifest or index, after every blob it names (the writer's order).
     *
     * @param descriptor describes {@code raw} exactly: its media type, digest and size
     * @param raw        the document's bytes
     * @throws IOException when writing fails
     */
    void putManifest(Descriptor descriptor, byte[] raw) throws IOException;

    /**
     * Names the manifest or index that the target's reference (tag) should point at, on {@link #commit()}.
     *
     * @param descriptor a manifest already stored with {@link #putManifest}
     * @throws IOException when the target cannot record it
     */
    void setRoot(Descriptor descriptor) throws IOException;

    /**
     * Makes everything written visible under the target's reference: the last step of a write.
     *
     * @throws IOException when the target cannot be finished (an archive not renamed into place, a tag not pushed)
     */
    void commit() throws IOException;
}
