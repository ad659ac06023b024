package dev.gantry.registry.content;

import dev.gantry.registry.metadata.MetadataStore;
import dev.gantry.registry.metadata.MetadataStoreSuite;
import dev.gantry.registry.storage.FileSystemDriver;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared metadata suite against the storage-tree layout over the file-system driver. */
class TreeMetadataStoreTest extends MetadataStoreSuite {
    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() throws Exception {
        return new TreeMetadataStore(new FileSystemDriver(dir));
    }
}
