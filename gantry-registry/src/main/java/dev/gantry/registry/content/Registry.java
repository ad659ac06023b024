package dev.gantry.registry.content;

import dev.gantry.registry.storage.PathNotFoundException;
import dev.gantry.registry.storage.StorageDriver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The registry's content over one storage driver: the shared blob store, repositories, upload sessions, the catalog. */
public final class Registry {
    private final StorageDriver driver;
    private final BlobStore blobs;
    private final Uploads uploads;

    public Registry(StorageDriver driver) {
        this.driver = driver;
        this.blobs = new BlobStore(driver);
        this.uploads = new Uploads(driver, blobs);
    }

    public BlobStore blobs() {
        return blobs;
    }

    public Uploads uploads() {
        return uploads;
    }

    /** Free and total bytes of the storage, when the driver can tell. */
    public java.util.Optional<dev.gantry.registry.storage.StorageSpace> space() {
        return driver.space();
    }

    /** A repository by name (validated; NAME_INVALID otherwise). It need not exist yet. */
    public Repository repository(String name) {
        return new Repository(name, driver, blobs);
    }

    /** Every repository name, in catalog order ({@link #catalog(String, int)}). */
    public List<String> catalog() throws IOException {
        return catalog(null, Integer.MAX_VALUE);
    }

    /**
     * Up to {@code limit} repository names after {@code last}: folders under /repositories that
     * hold blobs or manifests. The order is distribution's: lexical with '/' before every other
     * character ("a/b" before "a-c"), which is exactly a walk of the tree with sorted children,
     * so a page walks only the subtrees at or after {@code last} and stops when it is full.
     */
    public List<String> catalog(String last, int limit) throws IOException {
        List<String> names = new ArrayList<>();
        collect(StorageLayout.REPOSITORIES, "", last, limit, names);
        return names;
    }

    /** Catalog order: '/' sorts before every character a name may hold. */
    public static int compareNames(String a, String b) {
        return a.replace('/', '\0').compareTo(b.replace('/', '\0'));
    }

    /** False once the page is full. */
    private boolean collect(String path, String prefix, String last, int limit, List<String> names) throws IOException {
        List<String> children;
        try {
            children = driver.list(path);
        } catch (PathNotFoundException e) {
            return true;
        }
        if (!prefix.isEmpty() && (children.contains("_manifests") || children.contains("_layers"))
                && (last == null || compareNames(prefix, last) > 0)) {
            names.add(prefix);
            if (names.size() >= limit) {
                return false;
            }
        }
        for (String child : children) {
            String name = prefix.isEmpty() ? child : prefix + "/" + child;
            if (child.startsWith("_") || !Names.isName(name)) {
                continue;
            }
            // Everything under name sorts before last unless last is name itself or lies under it.
            if (last != null && compareNames(name, last) < 0 && !last.startsWith(name + "/")) {
                continue;
            }
            if (!collect(path + "/" + child, name, last, limit, names)) {
                return false;
            }
        }
        return true;
    }
}
