package dev.gantry.runtime.apply;

import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.error.GantryException;
import dev.gantry.error.LimitExceededException;
import dev.gantry.image.Layer;
import dev.gantry.layer.EntryName;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.layer.LayerTarInputStream;
import dev.gantry.layer.Whiteouts;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies layers, in order, into one root directory with overlay semantics (image-spec
 * layer.md): entries replace what lower layers had (a directory over a directory only takes
 * its attributes), {@code .wh.NAME} removes NAME from lower layers, {@code .wh..wh..opq}
 * hides a directory's lower content, and neither touches what the same layer wrote.
 *
 * <p>All paths go through {@link SafeRoot}; see there for why nothing can be written outside
 * the root. Call {@link #apply} per layer, then {@link #finish()} once.
 */
public final class LayerApplier {
    private static final int BUFFER = 256 * 1024;
    private static final int PREFETCH_CHUNK = 256 * 1024;
    private static final int PREFETCH_DEPTH = 32;
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final SafeRoot root;
    private final ExpansionLimits limits;
    private final Warnings warnings;
    private final boolean privileged;
    private final FileMetadata metadata;
    private final Xattrs xattrs;
    private final DeferredDirAttributes dirs = new DeferredDirAttributes();
    /** Non-null when writing one layer as an overlay lower directory: whiteouts are kept, not applied. */
    private OverlayWhiteouts overlayWhiteouts;
    private final byte[] buffer = new byte[BUFFER];
    private long entries;
    private long bytes;

    /**
     * An applier into {@code root} that applies owners and special files only when this process is root
     * ({@link Privileges#isRoot()}); without root, owners are recorded in {@link RootlessOwners}' xattr.
     *
     * @param root     the directory applied into, reached only through its checks
     * @param limits   each layer's expansion budget and the metadata bound per entry
     * @param warnings collects what could not be reproduced
     * @throws IOException when the root directory's owner and mode cannot be read
     */
    public LayerApplier(SafeRoot root, ExpansionLimits limits, Warnings warnings) throws IOException {
        this(root, limits, warnings, Privileges.isRoot());
    }

    LayerApplier(SafeRoot root, ExpansionLimits limits, Warnings warnings, boolean privileged) throws IOException {
        this.root = root;
        this.limits = limits;
        this.warnings = warnings;
        this.privileged = privileged;
        this.metadata = new FileMetadata(privileged, warnings);
        this.xattrs = new Xattrs(warnings);
        // A directory no layer describes gets fixed attributes (0755, the epoch), so the same
        // image always unpacks, exports and flattens to the same bytes.
        root.onImplicitDir(rel -> dirs.put(rel, new DeferredDirAttributes.Attributes(0755, EPOCH, EPOCH)));
        metadata.rootDirectory(root.root());
    }

    /**
     * An applier for one layer on its own, as an overlayfs lower directory (a snapshot): its whiteouts are
     * written in the kernel's form (a 0/0 character device, the {@code trusted.overlay.opaque} xattr) instead
     * of removing anything. Needs root.
     *
     * @param root     the snapshot directory, initially empty
     * @param limits   the layer's expansion budget and the metadata bound per entry
     * @param warnings collects what could not be reproduced
     * @return an applier for exactly one layer, then {@link #finish()}
     * @throws IOException when the root directory's owner and mode cannot be read
     */
    public static LayerApplier forOverlaySnapshot(SafeRoot root, ExpansionLimits limits, Warnings warnings)
            throws IOException {
        LayerApplier applier = new LayerApplier(root, limits, warnings);
        applier.overlayWhiteouts = new OverlayWhiteouts(root, applier.metadata);
        return applier;
    }

    /**
     * Entries applied so far (whiteouts included).
     *
     * @return the count over every layer applied by this applier
     */
    public long entries() {
        return entries;
    }

    /**
     * Regular-file bytes written so far.
     *
     * @return the count over every layer applied by this applier
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Applies one layer on top of what is in the root. The layer is inflated and hashed on a prefetch thread
     * while its entries are written: the blob digest, the diff_id and the expansion budget are all checked, and
     * a mismatch fails the apply (the entries before it stay written; {@link ImageUnpacker} discards the
     * partial tree).
     *
     * @param layer the layer to apply
     * @param index its 0-based position in the image; it only names the layer in messages
     * @throws UnsafeLayerException   when an entry would leave the root, or write or resolve through a symlink
     * @throws BrokenLayerException   when the layer is corrupt or truncated, fails its digest or diff_id, links
     *                                to a missing file, or the file system refuses an entry
     * @throws LayerTooLargeException when the layer expands past its budget or an entry's metadata is oversized
     * @throws IOException            when the layer's descriptor or diff_id cannot be read from its source
     */
    public void apply(Layer layer, int index) throws IOException {
        EntryContext where = new EntryContext(layer.digest(), index);
        long budget = limits.budget(layer.size());
        try (InputStream in = new PrefetchInputStream(uncompressed(layer, budget), "gantry-inflate-" + index,
                PREFETCH_CHUNK, PREFETCH_DEPTH)) {
            applyTar(in, where, budget);
        } catch (IOException | RuntimeException e) {
            throw explain(e, where);
        }
    }

    /**
     * The layer's tar, inflated and hashed on the prefetch thread: the blob digest is checked
     * underneath by {@link Layer#openUncompressed()}, the diff_id and the budget here; a failure
     * surfaces as the read that reaches it.
     */
    private static InputStream uncompressed(Layer layer, long budget) throws IOException {
        return VerifyingInputStream.bounded(layer.openUncompressed(), layer.diffId(), budget,
                "uncompressed content of layer " + layer.digest() + " (its diff_id)");
    }

    /**
     * Applies an uncompressed tar stream as one layer, for tests and callers with their own streams. The stream
     * is read to its end after the last entry, so a verifying stream underneath gets to check its digest;
     * nothing here verifies the content itself.
     *
     * @param in     the uncompressed tar; not closed
     * @param where  names the layer in errors, and is updated with each entry
     * @param budget the most bytes the entries may declare in total (see {@link ExpansionLimits#budget(long)})
     * @throws UnsafeLayerException   when an entry would leave the root, or write or resolve through a symlink
     * @throws BrokenLayerException   when an entry cannot be applied
     * @throws LayerTooLargeException when a header declares past the budget
     * @throws IOException            when reading the stream or writing the root fails
     */
    public void applyTar(InputStream in, EntryContext where, long budget) throws IOException {
        LayerTarInputStream tar = new LayerTarInputStream(in, limits, budget);
        LayerTouches touches = new LayerTouches();
        TarArchiveEntry entry;
        while ((entry = next(tar, where)) != null) {
            String name = LayerTarInputStream.name(entry);
            where.entry(name);
            entries++;
            applyEntry(tar, entry, relative(name, where, "name"), touches, where);
        }
        where.entry(null);
        // Read to the very end so the blob digest and diff_id are checked (and trailing
        // garbage still counts against the budget).
        in.transferTo(OutputStream.nullOutputStream());
    }

    /** The next entry; a header declaring past the budget is refused naming that entry. */
    private static TarArchiveEntry next(LayerTarInputStream tar, EntryContext where) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (LayerTarInputStream.EntryTooLargeException e) {
            where.entry(e.entryName());
            throw new LayerTooLargeException(where, e.getMessage());
        }
    }

    /** {@link EntryName#normalise}, refusing a name that could leave the root. */
    private static String relative(String name, EntryContext where, String what) {
        String problem = EntryName.problem(name);
        if (problem != null) {
            throw new UnsafeLayerException(where, what + " '" + EntryContext.printable(name) + "' " + problem);
        }
        return EntryName.normalise(name);
    }

    /**
     * Sets the deferred directory modes and times; call once after the last layer. Until then directories stay
     * writable and their times are not final, so later layers can write into read-only directories.
     *
     * @throws IOException when a mode or time cannot be set
     */
    public void finish() throws IOException {
        dirs.applyAll(root, metadata);
    }

    private void applyEntry(LayerTarInputStream tar, TarArchiveEntry entry, String rel, LayerTouches touches,
                            EntryContext where) throws IOException {
        String base = EntryName.base(rel);
        String parent = EntryName.parent(rel);
        if (rel.isEmpty()) {
            applyRootEntry(entry, where);
            return;
        }
        Whiteouts.Kind whiteout = Whiteouts.classify(base);
        if (whiteout != Whiteouts.Kind.NONE) {
            whiteout(parent, base, whiteout, touches, where);
            return;
        }
        if (Whiteouts.insideWhiteoutName(parent)) {
            warnings.add("entry inside a whiteout-named directory skipped", rel);
            return;
        }
        if (entry.isSymbolicLink()) {
            symlink(entry, rel, where);
        } else if (entry.isLink()) {
            hardlink(entry, rel, where);
            touches.add(rel);
            return; // a hardlink shares its target's inode: its header's metadata is not applied
        } else if (entry.isDirectory()) {
            directory(entry, rel, where);
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            if (!special(entry, rel, where)) {
                return;
            }
        } else if (entry.isFile() || entry.isGNUSparse()) {
            regularFile(tar, entry, rel, where);
        } else {
            warnings.add("unsupported tar entry type '" + (char) entry.getLinkFlag() + "' skipped", rel);
            return;
        }
        touches.add(rel);
        Map<String, byte[]> attrs = tar.xattrs();
        if (!attrs.isEmpty()) {
            boolean special = entry.isSymbolicLink() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO();
            xattrs.apply(root.path(rel), attrs, !special, rel);
        }
    }

    private void applyRootEntry(TarArchiveEntry entry, EntryContext where) throws IOException {
        if (!entry.isDirectory()) {
            throw new UnsafeLayerException(where, "names the root itself but is not a directory");
        }
        metadata.owner(root.root(), (int) entry.getLongUserId(), (int) entry.getLongGroupId(), "/");
        dirs.put("", new DeferredDirAttributes.Attributes(entry.getMode(), modified(entry), accessed(entry)));
    }

    private void regularFile(LayerTarInputStream tar, TarArchiveEntry entry, String rel, EntryContext where) throws IOException {
        Path path = prepare(rel, false, where);
        // CREATE_NEW is O_CREAT|O_EXCL: it never follows or reuses whatever was at the path.
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = tar.read(buffer, 0, buffer.length)) > 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                bytes += n;
            }
        }
        applyMetadata(path, entry, rel);
    }

    private void directory(TarArchiveEntry entry, String rel, EntryContext where) throws IOException {
        Path path = prepare(rel, true, where);
        boolean fresh = !Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (fresh) {
            Files.createDirectory(path);
        }
        root.rememberDir(rel);
        metadata.owner(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId(), rel, fresh);
        dirs.put(rel, new DeferredDirAttributes.Attributes(entry.getMode(), modified(entry), accessed(entry)));
    }

    private void symlink(TarArchiveEntry entry, String rel, EntryContext where) throws IOException {
        String target = LayerTarInputStream.linkName(entry);
        if (target.isEmpty()) {
            throw new BrokenLayerException(where, "symlink has an empty target");
        }
        if (target.indexOf('\0') >= 0) {
            throw new UnsafeLayerException(where, "symlink target contains a NUL character");
        }
        Path path = prepare(rel, false, where);
        // The target is stored as text and never resolved here: where it points is the
        // container's business, and nothing is ever written through a symlink.
        Files.createSymbolicLink(path, path.getFileSystem().getPath(target));
        metadata.owner(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId(), rel, true);
        metadata.times(path, modified(entry), accessed(entry), true);
    }

    private void hardlink(TarArchiveEntry entry, String rel, EntryContext where) throws IOException {
        String target = relative(LayerTarInputStream.linkName(entry), where, "hardlink target");
        if (target.isEmpty()) {
            throw new UnsafeLayerException(where, "hardlink to the root directory");
        }
        if (target.equals(rel)) {
            warnings.add("hardlink to itself skipped", rel);
            return;
        }
        BasicFileAttributes existing = root.parentsExist(target, where, "hardlink target") ? root.lstat(target) : null;
        if (existing == null) {
            throw new BrokenLayerException(where, "hardlink target '" + EntryContext.printable(target)
                    + "' exists neither earlier in this layer nor in a lower one");
        }
        if (existing.isDirectory()) {
            throw new UnsafeLayerException(where, "hardlink to directory '" + EntryContext.printable(target) + "'");
        }
        Path path = prepare(rel, false, where);
        // link(2) does not follow a symlink target: linking to a symlink links the symlink itself.
        Files.createLink(path, root.path(target));
    }

    private boolean special(TarArchiveEntry entry, String rel, EntryContext where) throws IOException {
        String kind = entry.isFIFO() ? "FIFO" : "device node";
        if (!privileged) {
            warnings.add(kind + " skipped (not running as root)", rel);
            return false;
        }
        Path path = prepare(rel, false, where);
        SpecialFiles.Kind type = entry.isFIFO() ? SpecialFiles.Kind.FIFO
                : entry.isCharacterDevice() ? SpecialFiles.Kind.CHARACTER : SpecialFiles.Kind.BLOCK;
        SpecialFiles.create(path, type, entry.getDevMajor(), entry.getDevMinor(), entry.getMode());
        metadata.owner(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId(), rel);
        if ((entry.getMode() & 07000) != 0) {
            // chown cleared set-uid/set-gid bits; put them back (chmod(2) by path does not open the node)
            metadata.mode(path, entry.getMode());
        }
        SpecialFiles.setTimes(path, modified(entry));
        return true;
    }

    private void applyMetadata(Path path, TarArchiveEntry entry, String rel) throws IOException {
        metadata.owner(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId(), rel, true);
        metadata.mode(path, entry.getMode());
        metadata.times(path, modified(entry), accessed(entry), false);
    }

    /**
     * Makes the parents real directories, then clears the entry's own path: a directory entry
     * keeps an existing directory (layer.md: only its attributes change); anything else is
     * removed (recursively for a directory) so the entry is created fresh, never written
     * through a symlink or into an old inode that a hardlink may share.
     */
    private Path prepare(String rel, boolean directory, EntryContext where) throws IOException {
        root.prepareParents(rel, where, metadata);
        BasicFileAttributes existing = root.lstat(rel);
        if (existing != null && !(directory && existing.isDirectory())) {
            if (existing.isDirectory()) {
                dirs.forget(rel);
                root.remove(rel);
            } else {
                Files.delete(root.path(rel));
            }
        }
        return root.path(rel);
    }

    private void whiteout(String parent, String base, Whiteouts.Kind kind, LayerTouches touches, EntryContext where)
            throws IOException {
        if (kind == Whiteouts.Kind.AUFS_META) {
            return;
        }
        if (overlayWhiteouts != null) {
            overlayWhiteouts.write(parent, base, kind, touches, where);
            return;
        }
        if (kind == Whiteouts.Kind.OPAQUE) {
            opaque(parent, touches, where);
            return;
        }
        String rel = victim(parent, base, where);
        if (touches.wrote(rel)) {
            return; // whiteouts hide lower layers only
        }
        if (!root.parentsExist(rel, where, "whiteout")) {
            return; // nothing there to hide
        }
        BasicFileAttributes existing = root.lstat(rel);
        if (existing == null) {
            return;
        }
        if (existing.isDirectory() && touches.wroteBelow(rel)) {
            removeLowerContent(rel, touches);
        } else {
            dirs.forget(rel);
            root.remove(rel);
        }
    }

    private void opaque(String dir, LayerTouches touches, EntryContext where) throws IOException {
        if (!dir.isEmpty()) {
            if (!root.parentsExist(dir, where, "opaque whiteout directory")) {
                return;
            }
            BasicFileAttributes a = root.lstat(dir);
            if (a == null) {
                return;
            }
            if (a.isSymbolicLink()) {
                throw new UnsafeLayerException(where, "opaque whiteout inside '" + EntryContext.printable(dir)
                        + "', which is a symlink; it is refused, not followed");
            }
            if (!a.isDirectory()) {
                return;
            }
            root.rememberDir(dir);
        }
        removeLowerContent(dir, touches);
    }

    /** The relative path a {@code .wh.NAME} entry in {@code parent} removes; refused when NAME is empty, "." or "..". */
    static String victim(String parent, String base, EntryContext where) {
        String victim = Whiteouts.hiddenName(base);
        if (!Whiteouts.isRemovable(victim)) {
            throw new UnsafeLayerException(where, "whiteout of '" + victim + "' is not a removable name");
        }
        return EntryName.child(parent, victim);
    }

    /** Removes everything below {@code dir} that this layer did not write. */
    private void removeLowerContent(String dir, LayerTouches touches) throws IOException {
        List<String> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root.path(dir))) {
            for (Path child : stream) {
                children.add(EntryName.child(dir, child.getFileName().toString()));
            }
        }
        for (String child : children) {
            if (touches.wrote(child) || touches.wroteBelow(child)) {
                BasicFileAttributes a = root.lstat(child);
                if (a != null && a.isDirectory()) {
                    removeLowerContent(child, touches);
                }
            } else {
                dirs.forget(child);
                root.remove(child);
            }
        }
    }

    private static FileTime modified(TarArchiveEntry entry) {
        return entry.getLastModifiedTime();
    }

    private static FileTime accessed(TarArchiveEntry entry) {
        return entry.getLastAccessTime();
    }

    /** Gives every failure the layer and entry it happened at, keeping Gantry's own typed errors. */
    private static RuntimeException explain(Throwable e, EntryContext where) {
        return switch (e) {
            case UnsafeLayerException u -> u;
            case BrokenLayerException b -> b;
            case LayerTooLargeException l -> l;
            case LayerTarInputStream.MetadataTooLargeException m -> new LayerTooLargeException(where, m.getMessage());
            case LimitExceededException l -> new LayerTooLargeException(where, l.getMessage());
            case InvalidPathException p -> new BrokenLayerException(where, "the name cannot be represented as a path here ("
                    + p.getReason() + "); run with a UTF-8 locale, e.g. LANG=C.UTF-8", p);
            case FileSystemException f -> new BrokenLayerException(where, "the file system refused "
                    + EntryContext.printable(String.valueOf(f.getFile())) + ": " + f.getReason(), f);
            case IOException io -> new BrokenLayerException(where, "cannot read the layer: " + io.getMessage(), io);
            case GantryException g -> new BrokenLayerException(where, g.getMessage(), g);
            case RuntimeException r -> r;
            default -> new IllegalStateException(e);
        };
    }
}
