/**
 * Gantry's library examples: small programs that use only what the library modules export.
 * docs/LIBRARY.md shows their code.
 */
module dev.gantry.examples {
    requires dev.gantry.core;
    // docker:// locations: core finds this module's RemoteTransport through ServiceLoader.
    requires dev.gantry.registry.client;
    requires dev.gantry.registry;
    requires dev.gantry.runtime;
    // Programs, not a library: nothing exported (a library exposing Gantry's types in its own API
    // would say "requires transitive").
}
