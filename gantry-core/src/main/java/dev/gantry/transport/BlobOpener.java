package dev.gantry.transport;

import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes from any offset on, opened as often as a target asks: a registry upload cut
 * midway continues from the registry's offset by opening the source there, instead of sending
 * the blob again or holding parts of it in memory. The bytes are unverified (the target
 * verifies) and the caller closes each stream it opens.
 */
@FunctionalInterface
public interface BlobOpener {
    /**
     * Opens the blob from a byte on.
     *
     * @param offset where the stream begins: 0 for the whole blob
     * @return the blob's bytes from {@code offset} to its end, unverified
     * @throws IOException when the source cannot be opened there
     */
    InputStream open(long offset) throws IOException;
}
