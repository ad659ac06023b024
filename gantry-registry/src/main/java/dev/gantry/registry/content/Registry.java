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

    /** A repository by name (validated; NAME_INVALID otherwise). It need not exist yet. */
    public Repository repository(String name) {
        return new Repository(name, driver, blobs);
    }

    /** Every repository name, sorted lexically: folders under /repositories that hold blobs or manifests. */
    public List<String> catalog() throws IOException {
        List<String> names = new ArrayList<>();
        collect(StorageLayout.REPOSITORIES, "", names);
        names.sort(null);
        return names;
    }

    private void collect(String path, String prefix, List<String> names) throws IOException {
        List<String> children;
        try {
            children = driver.list(path);
        } catch (PathNotFoundException e) {
            return;
        }
        if (!prefix.isEmpty() && (children.contains("_manifests") || children.contains("_layers"))) {
            names.add(prefix);
        }
        for (String child : children) {
            if (!child.startsWith("_") && Names.isName(prefix.isEmpty() ? child : prefix + "/" + child)) {
                collect(path + "/" + child, prefix.isEmpty() ? child : prefix + "/" + child, names);
            }
        }
    }
}
