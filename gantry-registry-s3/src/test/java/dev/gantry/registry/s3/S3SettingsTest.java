package dev.gantry.registry.s3;

import dev.gantry.error.InvalidInputException;
import dev.gantry.registry.storage.StorageConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The s3 driver's options as a config file gives them: defaults, and each mistake named. */
class S3SettingsTest {
    private static S3Settings settings(Map<String, String> options) {
        return S3Settings.of(new StorageConfig("s3", options, null));
    }

    private static Map<String, String> with(String... keysAndValues) {
        Map<String, String> options = new HashMap<>(Map.of("bucket", "b"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return options;
    }

    @Test
    void aBucketAloneTakesTheDefaults() {
        S3Settings s = settings(with());
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.endpoint()).isNull();
        assertThat(s.prefix()).isEmpty();
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.accessKey()).isNull();
        assertThat(s.redirect()).isFalse();
        assertThat(s.redirectExpiry()).isEqualTo(Duration.ofMinutes(20));
        assertThat(s.partSize()).isEqualTo(8 << 20);
        assertThat(s.abandonedUploadAge()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void everyOptionIsRead() {
        S3Settings s = settings(with("endpoint", "http://127.0.0.1:9000", "region", "eu-west-1", "prefix", "/reg/x/",
                "pathStyle", "true", "accessKey", "a", "secretKey", "s", "sse", "AES256", "storageClass", "STANDARD_IA",
                "redirect", "true", "redirectExpirySeconds", "60", "partSizeMiB", "16", "abandonedUploadHours", "2"));
        assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.prefix()).isEqualTo("reg/x");
        assertThat(s.pathStyle()).isTrue();
        assertThat(s.accessKey()).isEqualTo("a");
        assertThat(s.secretKey()).isEqualTo("s");
        assertThat(s.sse()).isEqualTo("AES256");
        assertThat(s.storageClass()).isEqualTo("STANDARD_IA");
        assertThat(s.redirect()).isTrue();
        assertThat(s.redirectExpiry()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.partSize()).isEqualTo(16 << 20);
        assertThat(s.abandonedUploadAge()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> settings(Map.of())).isInstanceOf(InvalidInputException.class).hasMessageContaining("bucket");
        assertThatThrownBy(() -> settings(with("bukcet", "x"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown option 'bukcet'");
        assertThatThrownBy(() -> settings(with("accessKey", "a"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("secretKey");
        assertThatThrownBy(() -> settings(with("pathStyle", "yes"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pathStyle");
        assertThatThrownBy(() -> settings(with("endpoint", "127.0.0.1:9000"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("endpoint");
        assertThatThrownBy(() -> settings(with("partSizeMiB", "4"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("partSizeMiB");
        assertThatThrownBy(() -> settings(with("redirectExpirySeconds", "-1"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("redirectExpirySeconds");
    }
}
