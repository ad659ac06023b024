package dev.gantry.analysis.walk;

import dev.gantry.digest.Digest;
import dev.gantry.error.LimitExceededException;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One streaming pass over a layer's tar: each entry becomes a {@link LayerEntry} for the
 * visitor, regular files with their content. Layers come through {@link Layer#openUncompressed()},
 * so the stored bytes are verified against the layer digest when the stream ends, from any
 * transport; nothing is stored. Inflation is bounded by {@link WalkLimits}: a header declaring
 * more than the budget is refused at once, and every inflated byte counts.
 */
public final class LayerWalker {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    /** aufs bookkeeping ({@code .wh..wh.plnk} ...): never content. */
    private static final String AUFS_META = ".wh..wh.";
    private static final int DRAIN = 256 * 1024;

    private final WalkLimits limits;

    public LayerWalker(WalkLimits limits) {
        this.limits = limits;
    }

    public LayerWalker() {
        this(WalkLimits.defaults());
    }

    /** Every layer of the image, bottom first, each with its history entry. */
    public void walk(Image image, ImageVisitor visitor) throws IOException {
        for (ImageLayer layer : ImageLayer.of(image)) {
            LayerSummary summary = walk(layer.layer(), visitor.startLayer(layer));
            visitor.endLayer(layer, summary);
        }
    }

    /** One layer, verified against its digest; throws at the end if the bytes do not match. */
    public LayerSummary walk(Layer layer, EntryVisitor visitor) throws IOException {
        try (InputStream in = layer.openUncompressed()) {
            return walk(in, layer.digest(), limits.budget(layer.size()), visitor);
        }
    }

    /**
     * An uncompressed tar stream, read to its end (trailing bytes included, so the digest check of
     * a verifying stream underneath runs). {@code layer} only names it in messages (may be null).
     */
    public LayerSummary walk(InputStream uncompressed, Digest layer, long budget, EntryVisitor visitor) throws IOException {
        String what = layer == null ? "layer" : "layer " + layer;
        BudgetStream counted = new BudgetStream(uncompressed, what, budget, limits.maxMetadataBytes());
        TarArchiveInputStream tar = new TarArchiveInputStream(counted, StandardCharsets.UTF_8.name());
        InputStream content = new ContentView(tar);
        byte[] drain = new byte[DRAIN];
        long entries = 0;
        long fileBytes = 0;
        long declared = 0;
        try {
            while (true) {
                counted.headers();
                TarArchiveEntry e = tar.getNextEntry();
                counted.content();
                if (e == null) {
                    break;
                }
                entries++;
                declared += Math.max(e.getSize(), 0);
                if (declared > budget || declared < 0) {
                    throw new LimitExceededException(what + ": entry '" + e.getName() + "' declares " + e.getSize()
                            + " bytes, past the layer's limit of " + budget
                            + " bytes (a decompression bomb?); raise the expansion ratio if the image is genuine");
                }
                LayerEntry entry = visit(e, layer, visitor);
                if (entry != null) {
                    visitor.entry(entry, entry.kind() == EntryKind.FILE ? content : InputStream.nullInputStream());
                    fileBytes += entry.size();
                }
                // Drain unread content now, in big reads (the tar library skips in 8 KiB ones, which
                // slows inflation), so the next header's bytes are all that counts as metadata.
                while (tar.read(drain) >= 0) {
                    // discard
                }
            }
            counted.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new IOException(what + " is not a readable tar: " + e.getMessage(), e);
        }
        return new LayerSummary(entries, fileBytes, counted.total());
    }

    /** The entry as the visitor sees it, or null when it is skipped (the root, aufs metadata, hostile names). */
    private static LayerEntry visit(TarArchiveEntry e, Digest layer, EntryVisitor visitor) {
        String raw = e.getName();
        String problem = EntryNames.problem(raw);
        if (problem != null) {
            visitor.hostile(new HostileEntry(layer, raw, problem));
            return null;
        }
        String path = EntryNames.normalise(raw);
        if (path.isEmpty()) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        String parent = slash < 0 ? "" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        EntryKind kind = kindOf(e);
        String link = null;
        if (name.equals(OPAQUE)) {
            kind = EntryKind.OPAQUE_WHITEOUT;
            path = parent;
        } else if (name.startsWith(AUFS_META)) {
            return null;
        } else if (name.startsWith(WHITEOUT)) {
            String target = name.substring(WHITEOUT.length());
            if (target.isEmpty() || target.equals(".") || target.equals("..")) {
                visitor.hostile(new HostileEntry(layer, raw, "is a whiteout naming no file ('" + target + "')"));
                return null;
            }
            kind = EntryKind.WHITEOUT;
            path = parent.isEmpty() ? target : parent + "/" + target;
        } else if (kind == EntryKind.HARDLINK) {
            String linkProblem = EntryNames.problem(e.getLinkName());
            if (linkProblem != null) {
                visitor.hostile(new HostileEntry(layer, raw, "is a hardlink to '" + e.getLinkName() + "', which " + linkProblem));
                return null;
            }
            link = EntryNames.normalise(e.getLinkName());
        } else if (kind == EntryKind.SYMLINK) {
            link = e.getLinkName();
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
