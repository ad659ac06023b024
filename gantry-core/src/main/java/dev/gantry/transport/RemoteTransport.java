package dev.gantry.transport;

import dev.gantry.ref.Reference;

import java.io.IOException;

/**
 * The service-provider interface for registry ({@code docker://}) locations. Core holds no HTTP
 * code: a module on the class path (gantry-registry-client) registers an implementation in
 * {@code META-INF/services/dev.gantry.transport.RemoteTransport}, and {@link Transports} finds it
 * with {@link java.util.ServiceLoader}. Without one, registry references fail with a clear error.
 */
public interface RemoteTransport {
    /**
     * Opens a registry image for reading; the reference's tag or digest is resolved lazily or at once.
     *
     * @param reference the image
     * @param options   how to reach the registry
     * @return the source; the caller closes it
     * @throws IOException when the registry cannot be reached (an implementation may find out only on first use)
     */
    ImageSource openSource(Reference reference, RemoteOptions options) throws IOException;

    /**
     * Opens a registry repository for writing; the root is tagged with the reference's tag (or checked
     * against its digest) on commit.
     *
     * @param reference the repository and tag to write
     * @param options   how to reach the registry
     * @return the target; the caller closes it
     * @throws IOException when the registry cannot be reached (an implementation may find out only on first use)
     */
    ImageTarget openTarget(Reference reference, RemoteOptions options) throws IOException;
}
