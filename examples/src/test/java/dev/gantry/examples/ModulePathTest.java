package dev.gantry.examples;

import dev.gantry.copy.ImageWriter;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.runtime.layer.LayerWriter;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples' tests prove the module descriptors only if they run with Gantry's jars as named modules. */
class ModulePathTest {
    @Test
    void examplesAndLibrariesRunAsNamedModules() {
        assertThat(ServeRegistry.class.getModule().getName()).isEqualTo("dev.gantry.examples");
        assertThat(ImageWriter.class.getModule().getName()).isEqualTo("dev.gantry.core");
        assertThat(RegistryServer.class.getModule().getName()).isEqualTo("dev.gantry.registry");
        assertThat(LayerWriter.class.getModule().getName()).isEqualTo("dev.gantry.runtime");
    }

    @Test
    void coreFindsTheRegistryTransportThatTheClientModuleProvides() {
        // In a named module, ServiceLoader takes the descriptor's "provides", not META-INF/services.
        assertThat(Transports.remoteTransport()).get()
                .extracting(transport -> transport.getClass().getModule().getName())
                .isEqualTo("dev.gantry.registry.client");
    }

    @Test
    void internalPackagesStayInternal() {
        Module core = ImageWriter.class.getModule();
        assertThat(core.isExported("dev.gantry.image")).isTrue();
        assertThat(core.isExported("dev.gantry.concurrent")).isFalse();
        assertThat(core.isExported("dev.gantry.transport.files")).isFalse();
        assertThat(core.isExported("dev.gantry.transport.files", LayerWriter.class.getModule())).isFalse();
        assertThat(RegistryServer.class.getModule().isExported("dev.gantry.registry.api")).isFalse();
    }
}
