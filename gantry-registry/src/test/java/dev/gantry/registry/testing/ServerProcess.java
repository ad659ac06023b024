package dev.gantry.registry.testing;

import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryServer;

import java.nio.file.Path;

/** A registry in its own JVM, so a test can kill -9 or SIGTERM it: {@code ServerProcess DATA_DIR PORT}. */
public final class ServerProcess {
    private ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        RegistryConfig config = RegistryConfig.defaults().withAddress("127.0.0.1", Integer.parseInt(args[1]))
                .withDataDir(Path.of(args[0])).withAccessLog(false);
        try (RegistryServer server = new RegistryServer(config, null).start().stopOnShutdown()) {
            System.out.println("ready");
            System.out.flush();
            server.join();
        }
    }
}
