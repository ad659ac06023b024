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
    String describe();

    /** The manifest formats this target stores; the copier converts to the preferred one when needed. */
    ManifestFormat preferredFormat();

    /** True when the target already holds this blob, so a copy can skip it. */
    boolean hasBlob(Descriptor descriptor) throws IOException;

    /** Stores a blob, verifying its digest and size while reading {@code content}. */
    void putBlob(Descriptor descriptor, InputStream content) throws IOException;

    /**
     * How many leading bytes of this blob an interrupted earlier copy left in the target, so the
     * copy can ask the source for the rest only (0: none, or the target keeps no partial blobs).
     */
    default long resumeOffset(Descriptor descriptor) throws IOException {
        return 0;
    }

    /**
     * Stores a blob from the bytes after the {@link #resumeOffset} kept ones: {@code rest} starts
     * at byte {@code offset}. The digest still covers the whole blob; when it fails, the kept
     * bytes are dropped too.
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
     * default opens it once.
     */
    default void putBlob(Descriptor descriptor, long offset, BlobOpener source) throws IOException {
        try (InputStream rest = source.open(offset)) {
            putBlob(descriptor, offset, rest);
        }
    }

    /** Stores a manifest or index; {@code descriptor} must describe {@code raw} exactly. */
    void putManifest(Descriptor descriptor, byte[] raw) throws IOException;

    /** Names the manifest or index that the target's reference (tag) should point at. */
    void setRoot(Descriptor descriptor) throws IOException;

    /** Makes everything written visible under the target's reference. */
    void commit() throws IOException;
}
