/**
 * The {@code docker://} transport: Gantry's client for the OCI distribution API.
 * {@link dev.gantry.registry.client.RegistryTransportProvider} plugs
 * {@link dev.gantry.registry.client.RegistrySource} and {@link dev.gantry.registry.client.RegistryTarget} into
 * core's transports through {@link java.util.ServiceLoader}, so core copies to and from registries without
 * depending on HTTP. {@link dev.gantry.registry.client.RegistryClient} (one repository) and
 * {@link dev.gantry.registry.client.RegistrySession} (one host: its scheme, found by pinging {@code /v2/}, and its
 * authentication) are the way to registry-only operations: tags, catalog, referrers, deletes. What is downloaded
 * is verified by whoever reads it; what is uploaded is verified before its last bytes leave.
 */
package dev.gantry.registry.client;
