package dev.gantry.cli;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** What gantry's entry point sets for its own JVM, since the libraries set nothing JVM-wide. */
class ProcessSettingsTest {
    @Test
    void theHttpClientGetsQuarterMebibyteBuffersUnlessTheUserChoseASize() {
        String before = System.getProperty(ProcessSettings.HTTP_CLIENT_BUFFER);
        try {
            System.clearProperty(ProcessSettings.HTTP_CLIENT_BUFFER);
            ProcessSettings.apply();
            assertThat(System.getProperty(ProcessSettings.HTTP_CLIENT_BUFFER)).isEqualTo("262144");

            System.setProperty(ProcessSettings.HTTP_CLIENT_BUFFER, "65536");
            ProcessSettings.apply();
            assertThat(System.getProperty(ProcessSettings.HTTP_CLIENT_BUFFER)).isEqualTo("65536");
        } finally {
            if (before == null) {
                System.clearProperty(ProcessSettings.HTTP_CLIENT_BUFFER);
            } else {
                System.setProperty(ProcessSettings.HTTP_CLIENT_BUFFER, before);
            }
        }
    }

    @Test
    void aLogRecordIsOneLineWithTimeLevelAndMessage() {
        ProcessSettings.apply();
        java.util.logging.LogRecord record = new java.util.logging.LogRecord(Level.WARNING, "PUT /v2/x/blobs/uploads/1 refused (507)");
        record.setSourceClassName("dev.gantry.registry.api.RegistryHandler");
        String line = new java.util.logging.SimpleFormatter().format(record);
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d{4} WARNING PUT /v2/x/blobs/uploads/1 refused \\(507\\)\\R");
    }

    @Test
    void jettysStartUpChatterIsQuietButItsWarningsShow() {
        ProcessSettings.forServer();
        Logger jetty = Logger.getLogger("org.eclipse.jetty");
        assertThat(jetty.getLevel()).isEqualTo(Level.WARNING);
        assertThat(jetty.isLoggable(Level.INFO)).isFalse();
    }
}
