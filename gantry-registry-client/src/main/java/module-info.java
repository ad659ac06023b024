/**
 * The {@code docker://} transport: reads and writes images in OCI distribution registries, and
 * the registry-only operations (tags, catalog, delete, login) through {@code RegistryClient}.
 * Plugs into core's {@link dev.gantry.transport.RemoteTransport} SPI, so {@code Transports}
 * opens registry references once this module is present.
 */
// "module": the qualified export names the CLI, which is built after this module.
@SuppressWarnings("module")
module dev.gantry.registry.client {
    requires transitive dev.gantry.core;
    requires java.net.http;

    exports dev.gantry.registry.client;
    exports dev.gantry.registry.client.auth;
    // The HTTP layer is internal; the CLI's login takes its retry policy.
    exports dev.gantry.registry.client.http to dev.gantry.cli;

    provides dev.gantry.transport.RemoteTransport with dev.gantry.registry.client.RegistryTransportProvider;
}
