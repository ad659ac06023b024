package dev.gantry.analysis.walk;

import dev.gantry.digest.Digest;
import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.error.LimitExceededException;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.layer.EntryName;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.layer.LayerTarInputStream;
import dev.gantry.layer.Whiteouts;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One streaming pass over a layer's tar: each entry becomes a {@link LayerEntry} for the
 * visitor, regular files with their content. Layers come through {@link Layer#openUncompressed()},
 * so the stored bytes are verified against the layer digest when the stream ends, from any
 * transport; nothing is stored. Names, whiteouts and limits are core's layer rules
 * ({@link EntryName}, {@link Whiteouts}, {@link ExpansionLimits}, {@link LayerTarInputStream}),
 * the ones unpack applies, so a path here is the path unpack writes: a header declaring more
 * than the budget is refused at once, and every inflated byte counts.
 */
public final class LayerWalker {
    private static final int DRAIN = 256 * 1024;

    private final ExpansionLimits limits;

    /**
     * A walker whose layers may expand as far as {@code limits} allows.
     *
     * @param limits the expansion budget per layer and the metadata bound per entry (unpack's limits)
     */
    public LayerWalker(ExpansionLimits limits) {
        this.limits = limits;
    }

    /**
     * A walker with the default limits (16x the stored size + 64 MiB per layer, 1 MiB of metadata per entry).
     */
    public LayerWalker() {
        this(ExpansionLimits.defaults());
    }

    /**
     * Walks every layer of the image, bottom first, each with its history entry; each layer is verified against
     * its digest before {@link ImageVisitor#endLayer} is called.
     *
     * @param image   the image; its layers are streamed from its source once each
     * @param visitor receives each layer and its entries
     * @throws dev.gantry.error.DigestMismatchException when a layer's bytes do not match its digest or size
     * @throws dev.gantry.error.LimitExceededException  when a layer expands past its budget or an entry's
     *         metadata is oversized
     * @throws UnsafeEntryException when an entry escapes the root and the visitor does not override
     *                              {@link EntryVisitor#hostile}
     * @throws IOException when a layer cannot be read or is not a tar
     */
    public void walk(Image image, ImageVisitor visitor) throws IOException {
        for (ImageLayer layer : ImageLayer.of(image)) {
            LayerSummary summary = walk(layer.layer(), visitor.startLayer(layer));
            visitor.endLayer(layer, summary);
        }
    }

    /**
     * Walks one layer, verified against its digest when the stream ends.
     *
     * @param layer   the layer, streamed once
     * @param visitor receives the entries
     * @return the layer's totals
     * @throws dev.gantry.error.DigestMismatchException when the bytes do not match the digest or size
     * @throws dev.gantry.error.LimitExceededException  when the layer expands past its budget or an entry's
     *         metadata is oversized
     * @throws UnsafeEntryException when an entry escapes the root and the visitor does not override
     *                              {@link EntryVisitor#hostile}
     * @throws IOException when the layer cannot be read or is not a tar
     */
    public LayerSummary walk(Layer layer, EntryVisitor visitor) throws IOException {
        try (InputStream in = layer.openUncompressed()) {
            return walk(in, layer.digest(), limits.budget(layer.size()), visitor);
        }
    }

    /**
     * Walks an uncompressed tar stream, read to its end (trailing bytes included, so the digest check of a
     * verifying stream underneath runs). Nothing here checks a digest; the bytes are only counted against
     * {@code budget}.
     *
     * @param uncompressed the tar; not closed
     * @param layer        names the layer in messages and hostile entries; may be null
     * @param budget       the most bytes the stream may hold (see {@link ExpansionLimits#budget(long)})
     * @param visitor      receives the entries
     * @return the stream's totals
     * @throws dev.gantry.error.LimitExceededException when the stream passes the budget, a header declares past
     *         it, or an entry's metadata is oversized
     * @throws UnsafeEntryException when an entry escapes the root and the visitor does not override
     *                              {@link EntryVisitor#hostile}
     * @throws IOException when the stream cannot be read or is not a tar
     */
    public LayerSummary walk(InputStream uncompressed, Digest layer, long budget, EntryVisitor visitor) throws IOException {
        String what = layer == null ? "layer" : "layer " + layer;
        // Counted against the budget, not hashed: the stream underneath checks the digest.
        VerifyingInputStream counted = VerifyingInputStream.bounded(uncompressed, null, budget, what);
        LayerTarInputStream tar = new LayerTarInputStream(counted, limits, budget);
        InputStream content = new ContentView(tar);
        byte[] drain = new byte[DRAIN];
        long entries = 0;
        long fileBytes = 0;
        try {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries++;
                LayerEntry entry = visit(e, layer, visitor);
                if (entry != null) {
                    visitor.entry(entry, entry.kind() == EntryKind.FILE ? content : InputStream.nullInputStream());
                    fileBytes += entry.size();
                }
                // Drain unread content now, in big reads (the tar library skips in 8 KiB ones, which
                // slows inflation).
                while (tar.read(drain) >= 0) {
                    // discard
                }
            }
            counted.transferTo(OutputStream.nullOutputStream());
        } catch (LayerTarInputStream.EntryTooLargeException e) {
            throw new LimitExceededException(what + ": entry '" + e.entryName() + "' " + e.getMessage());
        } catch (LayerTarInputStream.MetadataTooLargeException e) {
            throw new LimitExceededException(what + ": " + e.getMessage() + "; the layer is malformed or hostile");
        } catch (LimitExceededException e) {
            throw new LimitExceededException(what + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IOException(what + " is not a readable tar: " + e.getMessage(), e);
        }
        return new LayerSummary(entries, fileBytes, counted.count());
    }

    /**
     * The entry as the visitor sees it, or null when it is skipped: the root, aufs metadata, and
     * entries inside a whiteout-named directory (unpack skips those too). Hostile names go to
     * the visitor's {@code hostile}.
     */
    private static LayerEntry visit(TarArchiveEntry e, Digest layer, EntryVisitor visitor) {
        String raw = LayerTarInputStream.name(e);
        String problem = EntryName.problem(raw);
        if (problem != null) {
            visitor.hostile(new HostileEntry(layer, raw, problem));
            return null;
        }
        String path = EntryName.normalise(raw);
        if (path.isEmpty()) {
            return null;
        }
        String parent = EntryName.parent(path);
        String name = EntryName.base(path);
        EntryKind kind = kindOf(e);
        String link = null;
        switch (Whiteouts.classify(name)) {
            case OPAQUE -> {
                kind = EntryKind.OPAQUE_WHITEOUT;
                path = parent;
            }
            case AUFS_META -> {
                return null;
            }
            case WHITEOUT -> {
                String target = Whiteouts.hiddenName(name);
                if (!Whiteouts.isRemovable(target)) {
                    visitor.hostile(new HostileEntry(layer, raw, "is a whiteout naming no file ('" + target + "')"));
                    return null;
                }
                kind = EntryKind.WHITEOUT;
                path = EntryName.child(parent, target);
            }
            case NONE -> {
                if (Whiteouts.insideWhiteoutName(parent)) {
                    return null;
                }
                if (kind == EntryKind.HARDLINK) {
                    String target = LayerTarInputStream.linkName(e);
                    String linkProblem = EntryName.problem(target);
                    if (linkProblem != null) {
                        visitor.hostile(new HostileEntry(layer, raw, "is a hardlink to '" + target + "', which " + linkProblem));
                        return null;
                    }
                    link = EntryName.normalise(target);
                } else if (kind == EntryKind.SYMLINK) {
                    link = LayerTarInputStream.linkName(e);
                }
            }
        }
        long size = kind == EntryKind.FILE ? e.getSize() : 0;
        return new LayerEntry(path, kind, size, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), link,
                e.getLastModifiedTime() == null ? 0 : e.getLastModifiedTime().toInstant().getEpochSecond());
    }

    private static EntryKind kindOf(TarArchiveEntry e) {
        if (e.isDirectory()) {
            return EntryKind.DIR;
        }
        if (e.isSymbolicLink()) {
            return EntryKind.SYMLINK;
        }
        if (e.isLink()) {
            return EntryKind.HARDLINK;
        }
        // Before isFile(), which Commons Compress answers true for any type that is not a directory.
        if (e.isFIFO()) {
            return EntryKind.FIFO;
        }
        if (e.isCharacterDevice()) {
            return EntryKind.CHAR_DEVICE;
        }
        if (e.isBlockDevice()) {
            return EntryKind.BLOCK_DEVICE;
        }
        if (e.isFile()) {
            return EntryKind.FILE;
        }
        return EntryKind.OTHER;
    }

    /** The current entry's content for a visitor: reads stop at the entry's end, close does nothing. */
    private static final class ContentView extends FilterInputStream {
        ContentView(InputStream tar) {
            super(tar);
        }

        @Override
        public void close() {
            // the tar stream belongs to the walker
        }
    }
}
