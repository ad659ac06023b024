package dev.gantry.transport;

import java.io.IOException;

/**
 * The service-provider interface for {@code containers-storage:} locations (podman, buildah and
 * CRI-O's local image store). Writing one applies layers into the store's driver directories,
 * which needs the layer applier of gantry-runtime; core holds none, so the runtime module
 * registers an implementation in {@code META-INF/services/dev.gantry.transport.ContainersStorageTransport}
 * and {@link Transports} finds it with {@link java.util.ServiceLoader}.
 */
public interface ContainersStorageTransport {
    /**
     * Opens an image in a store for reading.
     *
     * @param location what follows {@code containers-storage:}: {@code [DRIVER@GRAPHROOT+RUNROOT]IMAGE}, the
     *                 bracketed store optional (then the system's {@code storage.conf} says where it is)
     * @param name     how messages name the location
     * @return the source; the caller closes it
     * @throws dev.gantry.error.InvalidInputException when the location is malformed
     * @throws IOException                            when the store cannot be read
     */
    ImageSource openSource(String location, String name) throws IOException;

    /**
     * Opens a store for writing one image under a name.
     *
     * @param location as for {@link #openSource}; the image part is the name to give the image
     * @param name     how messages name the location
     * @param format   the manifest format to store ({@link ManifestFormat#ANY} keeps what is written)
     * @return the target; the caller commits (through {@link dev.gantry.copy.ImageWriter}) and closes it
     * @throws dev.gantry.error.InvalidInputException when the location is malformed
     * @throws IOException                            when the store cannot be opened
     */
    ImageTarget openTarget(String location, String name, ManifestFormat format) throws IOException;
}
