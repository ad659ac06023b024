/**
 * Gantry's core: digests, the OCI wire types, image, index and layer values, {@code Mutate},
 * the local transports ({@code oci:}, {@code oci-archive:}, {@code docker-archive:},
 * {@code dir:}, {@code docker-daemon:}), {@code ImageWriter}, validation and the local store.
 *
 * <p>Registry references ({@code docker://}) are served by a {@link dev.gantry.transport.RemoteTransport}
 * provider, found with {@link java.util.ServiceLoader}: module {@code dev.gantry.registry.client}; podman's
 * {@code containers-storage:} by a {@link dev.gantry.transport.ContainersStorageTransport}: module
 * {@code dev.gantry.runtime}, which can apply layers.
 */
// "module": the qualified exports name modules that are built after this one, so javac cannot see them here.
@SuppressWarnings("module")
module dev.gantry.core {
    // Part of the API: Mutate.withConfig edits an ObjectNode, Json.tree returns a JsonNode, and
    // LayerTarInputStream is a TarArchiveInputStream.
    requires transitive com.fasterxml.jackson.databind;
    requires transitive org.apache.commons.compress;
    requires com.github.luben.zstd_jni;

    exports dev.gantry.copy;
    exports dev.gantry.digest;
    exports dev.gantry.dockerfile;
    exports dev.gantry.error;
    exports dev.gantry.image;
    exports dev.gantry.image.mutate;
    exports dev.gantry.layer;
    exports dev.gantry.oci;
    exports dev.gantry.ref;
    exports dev.gantry.store;
    exports dev.gantry.transport;
    exports dev.gantry.transport.archive;
    exports dev.gantry.transport.daemon;
    exports dev.gantry.transport.dir;
    exports dev.gantry.transport.layout;
    exports dev.gantry.validate;

    // Internal: the worker pool of copies, and the file trees the transports stand on.
    exports dev.gantry.concurrent to dev.gantry.runtime;
    exports dev.gantry.transport.files to dev.gantry.build, dev.gantry.cli;

    uses dev.gantry.transport.RemoteTransport;
    uses dev.gantry.transport.ContainersStorageTransport;
}
