package dev.gantry.registry.storage;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared driver suite against {@link FileSystemDriver}. */
class FileSystemDriverSuiteTest extends StorageDriverSuite {
    @TempDir
    Path dir;

    @Override
    protected StorageDriver newDriver() throws Exception {
        return new FileSystemDriver(dir.resolve("store"));
    }
}
