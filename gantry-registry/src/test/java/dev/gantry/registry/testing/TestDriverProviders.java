package dev.gantry.registry.testing;

import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.registry.storage.StorageConfig;
import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StorageDriverProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Drivers the tests select by name in a {@code "storage"} config, found through ServiceLoader
 * (src/test/resources/META-INF/services) as a driver in a module of its own would be: the file
 * system seen as a remote store would see it.
 */
public final class TestDriverProviders {
    private TestDriverProviders() {
    }

    /** {@code test-streaming}: files, but no local file to serve from, so blob GETs stream through {@code reader}. */
    public static final class Streaming implements StorageDriverProvider {
        public static final String NAME = "test-streaming";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public StorageDriver open(StorageConfig config) throws IOException {
            return new ForwardingDriver(new FileSystemDriver(config.path("path"))) {
                @Override
                public Optional<Path> localFile(String path) {
                    return Optional.empty();
                }
            };
        }
    }

    /** {@code test-redirecting}: sends blob reads to {@code redirectBase} + the key, as a presigning object store would. */
    public static final class Redirecting implements StorageDriverProvider {
        public static final String NAME = "test-redirecting";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public StorageDriver open(StorageConfig config) throws IOException {
            String base = config.options().get("redirectBase");
            return new ForwardingDriver(new FileSystemDriver(config.path("path"))) {
                @Override
                public Optional<URI> redirectUrl(String path, String method) {
                    return Optional.of(URI.create(base + path + "?method=" + method));
                }
            };
        }
    }

    public static StorageConfig streaming(Path dir) {
        return new StorageConfig(Streaming.NAME, Map.of("path", dir.toString()), null);
    }

    public static StorageConfig redirecting(Path dir, String base) {
        return new StorageConfig(Redirecting.NAME, Map.of("path", dir.toString(), "redirectBase", base), null);
    }
}
