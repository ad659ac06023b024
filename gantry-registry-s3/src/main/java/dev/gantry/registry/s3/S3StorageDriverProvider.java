package dev.gantry.registry.s3;

import dev.gantry.registry.storage.StorageConfig;
import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StorageDriverProvider;

import java.io.IOException;

/**
 * {@code "storage": {"driver": "s3", "bucket": ..., ...}}: an {@link S3StorageDriver}. Found by
 * {@link java.util.ServiceLoader}; its name is a constant, so listing the providers loads no SDK
 * class, only opening one does.
 */
public final class S3StorageDriverProvider implements StorageDriverProvider {
    /** A provider, as {@link java.util.ServiceLoader} makes it. */
    public S3StorageDriverProvider() {
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public StorageDriver open(StorageConfig config) throws IOException {
        return S3StorageDriver.open(S3Settings.of(config));
    }
}
