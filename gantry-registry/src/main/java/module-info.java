/**
 * The registry server ({@code gantry serve}): the OCI distribution-spec 1.1 over Jetty 12 on
 * virtual threads. {@code RegistryServer} runs it from a {@code RegistryConfig}; bytes go through the
 * {@code StorageDriver} SPI (the file-system driver built in, others found as
 * {@code StorageDriverProvider}s), records through the {@code MetadataStore} SPI (the storage tree
 * by default); {@code GarbageCollector} frees what nothing references.
 */
// "module": the qualified export names the CLI, which is built after this module.
@SuppressWarnings("module")
module dev.gantry.registry {
    requires transitive dev.gantry.core;
    requires org.eclipse.jetty.server;
    requires at.favre.lib.bcrypt;
    requires com.nimbusds.jose.jwt;
    requires java.logging;
    requires java.management;

    exports dev.gantry.registry.server;
    exports dev.gantry.registry.storage;
    // The metadata seam: a store in a database (its own module) implements MetadataStore and UploadSlots.
    exports dev.gantry.registry.metadata;
    exports dev.gantry.registry.gc;
    // gantry serve scrub's engine; the CLI is its one user so far.
    exports dev.gantry.registry.scrub to dev.gantry.cli;
    // gantry serve migrate's engine.
    exports dev.gantry.registry.migrate to dev.gantry.cli;

    // Storage drivers beyond the file system (an object store) come from modules of their own.
    uses dev.gantry.registry.storage.StorageDriverProvider;
    // Metadata in a database (gantry-registry-postgres), loaded only when "database" is configured.
    uses dev.gantry.registry.metadata.MetadataStoreProvider;
}
