package dev.gantry.transport;

import dev.gantry.error.UnsupportedFormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Core alone has no registry client: registry references fail clearly, local ones are unaffected. */
class RemoteTransportLookupTest {
    @Test
    void withoutAProviderOnTheClassPathRegistryReferencesSayWhatIsMissing() {
        assertThat(Transports.remoteTransport()).isEmpty();
        assertThatThrownBy(() -> Transports.openSource(TransportRef.parse("docker://registry.example/app:1")))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("gantry-registry-client")
                .hasMessageContaining("oci:DIR");
        assertThatThrownBy(() -> Transports.openTarget(TransportRef.parse("registry.example/app:1"), null))
                .isInstanceOf(UnsupportedFormatException.class);
    }
}
