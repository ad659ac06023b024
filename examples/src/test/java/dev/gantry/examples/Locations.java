package dev.gantry.examples;

import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.image.Layer;
import dev.gantry.oci.Descriptor;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the examples' tests read back from where an example wrote, through the library itself. */
final class Locations {
    /** The in-process registries of the tests speak plain HTTP on loopback. */
    static final RemoteOptions PLAIN_HTTP = new RemoteOptions(true, null);

    private Locations() {
    }

    /** The digest of the manifest or index {@code ref} names. */
    static Digest digest(String ref) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref), PLAIN_HTTP)) {
            return source.root().digest();
        }
    }

    /** The manifests of the index {@code ref} names, by platform ("linux/arm64/v8"). */
    static Map<String, Digest> platforms(String ref) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref), PLAIN_HTTP)) {
            Index index = (Index) Images.open(source);
            Map<String, Digest> out = new LinkedHashMap<>();
            for (Descriptor child : index.manifest().manifests()) {
                out.put(child.platform().toString(), child.digest());
            }
            return out;
        }
    }

    /** The layer digests of the image {@code ref} names, base first. */
    static List<Digest> layers(String ref) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref), PLAIN_HTTP)) {
            List<Digest> out = new ArrayList<>();
            for (Layer layer : ((Image) Images.open(source)).layers()) {
                out.add(layer.digest());
            }
            return out;
        }
    }
}
