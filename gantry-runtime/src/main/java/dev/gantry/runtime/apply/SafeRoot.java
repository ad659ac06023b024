package dev.gantry.runtime.apply;

import dev.gantry.error.InvalidInputException;
import dev.gantry.layer.EntryName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.TreeSet;

/**
 * The directory layers are applied into, and the only way the applier reaches a path in it.
 *
 * <p>Java has no openat(2), so containment is kept by construction instead: names are
 * normalised without "..", and before anything is created, linked or deleted, every parent
 * component is checked with lstat (no link following) to be a real directory. A symlink
 * anywhere above an entry is refused, never followed, so no write can be redirected out of
 * the root; the entry's own last component is replaced (unlinked), never written through.
 * Directories checked once are remembered until something below or at them is removed, so
 * the check costs one lstat per new directory rather than one per component per entry.
 * Nothing else may modify the tree while an apply runs (it is a fresh, private directory).
 */
public final class SafeRoot {
    private final Path root;
    private final TreeSet<String> knownDirs = new TreeSet<>();
    private java.util.function.Consumer<String> onImplicitDir = rel -> { };

    /**
     * Wraps an existing directory as the root layers are applied into.
     *
     * @param root the directory; made absolute and normalised, and not resolved through a symlink
     * @throws dev.gantry.error.InvalidInputException when {@code root} is not a directory (a symlink to one is
     *         refused)
     * @throws IOException when {@code root} does not exist or cannot be read
     */
    public SafeRoot(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        BasicFileAttributes a = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            throw new InvalidInputException(root + " is not a directory (a symlink is not accepted as the root)");
        }
        this.root = absolute;
        knownDirs.add("");
    }

    /** Called with each parent directory created because an entry needed it (no entry of its own). */
    void onImplicitDir(java.util.function.Consumer<String> listener) {
        this.onImplicitDir = listener;
    }

    /**
     * The root directory itself.
     *
     * @return the absolute, normalised path given at construction
     */
    public Path root() {
        return root;
    }

    /**
     * The path of a normalised relative name. It is safe to use only once its parents were checked by this root
     * (as the applier does before each write); on its own it resolves nothing and checks nothing.
     *
     * @param rel a name normalised by core's {@code EntryName.normalise}, or "" for the root
     * @return the root resolved with {@code rel}
     */
    public Path path(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /**
     * The attributes of {@code rel} itself, never those of a symlink's target.
     *
     * @param rel a normalised relative name
     * @return the attributes, or null when nothing is there
     * @throws IOException when the attributes cannot be read for another reason
     */
    public BasicFileAttributes lstat(String rel) throws IOException {
        try {
            return Files.readAttributes(path(rel), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return null;
        }
    }

    /**
     * Makes every ancestor of {@code rel} a real directory, creating missing ones (0755);
     * refuses a symlinked ancestor and fails on an ancestor that is a file.
     */
    void prepareParents(String rel, EntryContext where, FileMetadata metadata) throws IOException {
        String parent = EntryName.parent(rel);
        if (knownDirs.contains(parent)) {
            return;
        }
        int from = 0;
        while (true) {
            int slash = rel.indexOf('/', from);
            if (slash < 0) {
                return;
            }
            String ancestor = rel.substring(0, slash);
            from = slash + 1;
            if (knownDirs.contains(ancestor)) {
                continue;
            }
            BasicFileAttributes a = lstat(ancestor);
            if (a == null) {
                Files.createDirectory(path(ancestor));
                metadata.mode(path(ancestor), 0755);
                onImplicitDir.accept(ancestor);
            } else if (a.isSymbolicLink()) {
                throw new UnsafeLayerException(where, "parent '" + EntryContext.printable(ancestor)
                        + "' is a symlink; writing through it could leave the root, so the entry is refused");
            } else if (!a.isDirectory()) {
                throw new BrokenLayerException(where, "parent '" + EntryContext.printable(ancestor)
                        + "' is a file, not a directory");
            }
            knownDirs.add(ancestor);
        }
    }

    /**
     * For whiteouts and hardlink targets, which must not create anything: true when every
     * ancestor of {@code rel} is a real directory, false when one is missing or a file.
     * A symlinked ancestor is refused: resolving through it is exactly the trick to block.
     */
    boolean parentsExist(String rel, EntryContext where, String what) throws IOException {
        int from = 0;
        while (true) {
            int slash = rel.indexOf('/', from);
            if (slash < 0) {
                return true;
            }
            String ancestor = rel.substring(0, slash);
            from = slash + 1;
            if (knownDirs.contains(ancestor)) {
                continue;
            }
            BasicFileAttributes a = lstat(ancestor);
            if (a == null || (!a.isDirectory() && !a.isSymbolicLink())) {
                return false;
            }
            if (a.isSymbolicLink()) {
                throw new UnsafeLayerException(where, what + " '" + EntryContext.printable(rel) + "' goes through '"
                        + EntryContext.printable(ancestor) + "', which is a symlink; it is refused, not followed");
            }
            knownDirs.add(ancestor);
        }
    }

    /** Records that {@code rel} is now a real directory. */
    void rememberDir(String rel) {
        knownDirs.add(rel);
    }

    /** Removes {@code rel} (recursively, never following links) and forgets what was known below it. */
    void remove(String rel) throws IOException {
        if (rel.isEmpty()) {
            throw new IllegalArgumentException("the root itself is never removed");
        }
        forget(rel);
        Trees.deleteRecursively(path(rel));
    }

    void forget(String rel) {
        knownDirs.remove(rel);
        knownDirs.subSet(rel + "/", rel + "0").clear();
    }
}
