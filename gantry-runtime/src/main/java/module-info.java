/**
 * Images on disk and as containers: layers applied into a directory (unpack), OCI runtime
 * bundles, export of the merged file system, layers written from directories, flatten, the
 * snapshot store and containers run with runc over overlayfs, and the {@code containers-storage:}
 * transport (podman's local store), provided to core's {@code Transports}.
 */
module dev.gantry.runtime {
    requires transitive dev.gantry.core;
    requires com.github.luben.zstd_jni;

    exports dev.gantry.runtime.apply;
    exports dev.gantry.runtime.bundle;
    exports dev.gantry.runtime.container;
    exports dev.gantry.runtime.export;
    exports dev.gantry.runtime.flatten;
    exports dev.gantry.runtime.layer;
    exports dev.gantry.runtime.network;
    exports dev.gantry.runtime.repack;
    exports dev.gantry.runtime.store;

    // containers-storage: (podman's store) is written by applying layers, so it lives here and
    // plugs into core's Transports; its package stays internal.
    provides dev.gantry.transport.ContainersStorageTransport with dev.gantry.runtime.cstore.ContainersStorageProvider;
}
