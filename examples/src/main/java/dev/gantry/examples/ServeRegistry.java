package dev.gantry.examples;

import dev.gantry.copy.ImageWriter;
import dev.gantry.image.Images;
import dev.gantry.oci.Descriptor;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Serves a registry inside this JVM (on a free loopback port, storing under a directory), pushes
 * an image to it and pulls it back.
 *
 * <pre>ServeRegistry IMAGE DATA-DIR DEST</pre>
 * for example {@code ServeRegistry oci:layout:v1 /tmp/registry-data oci:pulled:v1}.
 */
public final class ServeRegistry {
    /** The registry below speaks plain HTTP on loopback, which a client must be allowed to use. */
    private static final RemoteOptions PLAIN_HTTP = new RemoteOptions(true, null);

    private ServeRegistry() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ServeRegistry IMAGE DATA-DIR DEST");
            System.exit(2);
        }
        try (RegistryServer registry = start(Path.of(args[1]))) {
            String pushed = "docker://127.0.0.1:" + registry.port() + "/examples/app:v1";
            System.out.println("pushed " + copy(args[0], pushed).digest() + " to " + pushed);
            System.out.println("pulled " + copy(pushed, args[2]).digest() + " to " + args[2]);
        }
    }

    /** A registry on 127.0.0.1 at a port nobody uses (its {@code port()} says which), storing under {@code dataDir}; close it to stop. */
    public static RegistryServer start(Path dataDir) throws Exception {
        RegistryConfig config = RegistryConfig.defaults()
                .withAddress("127.0.0.1", 0)
                .withDataDir(dataDir)
                .withAccessLog(false);
        return new RegistryServer(config, null).start();
    }

    /** Copies what {@code from} names, an image or a whole index, to {@code to}; returns what {@code to} now names. */
    public static Descriptor copy(String from, String to) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), PLAIN_HTTP);
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), null, PLAIN_HTTP)) {
            return ImageWriter.write(Images.open(source), target);
        }
    }
}
