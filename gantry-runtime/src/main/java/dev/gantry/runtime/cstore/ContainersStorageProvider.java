package dev.gantry.runtime.cstore;

import dev.gantry.transport.ContainersStorageTransport;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.IOException;

/**
 * The {@code containers-storage:} transport (podman, buildah and CRI-O's local store, drivers
 * {@code overlay} and {@code vfs}), registered for core's {@link java.util.ServiceLoader} lookup.
 * Locations are skopeo's: {@code containers-storage:[DRIVER@GRAPHROOT+RUNROOT]IMAGE}.
 */
public final class ContainersStorageProvider implements ContainersStorageTransport {
    /** The provider; {@link java.util.ServiceLoader} makes it. */
    public ContainersStorageProvider() {
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public ImageSource openSource(String location, String name) throws IOException {
        return new ContainersStorageSource(StoreSpec.parse(location), name);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public ImageTarget openTarget(String location, String name, ManifestFormat format) throws IOException {
        return new ContainersStorageTarget(StoreSpec.parse(location), name, format);
    }
}
