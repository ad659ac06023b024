/**
 * The registry server ({@code gantry serve}): {@link dev.gantry.registry.server.RegistryServer} serves
 * distribution-spec 1.1 with Jetty 12 on virtual threads over a file-system storage directory, as
 * {@link dev.gantry.registry.server.RegistryConfig} says (a value the CLI builds from its flags and from
 * {@link dev.gantry.registry.server.RegistryConfigFile}, the {@code --config} JSON).
 */
package dev.gantry.registry.server;
