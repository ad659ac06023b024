package dev.gantry.registry.testing;

import dev.gantry.digest.Digest;
import dev.gantry.oci.MediaTypes;

import java.nio.charset.StandardCharsets;

/** Small hand-written manifests for API tests: exact bytes, so their digests are what the test computes. */
public final class Manifests {
    private Manifests() {
    }

    public static byte[] image(String mediaType, String configType, Digest config, long configSize, Digest layer, long layerSize, String extra) {
        String layerType = MediaTypes.isDocker(mediaType) ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.OCI_LAYER_GZIP;
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\","
                + "\"config\":{\"mediaType\":\"" + configType + "\",\"digest\":\"" + config + "\",\"size\":" + configSize + "},"
                + "\"layers\":[" + (layer == null ? "" : "{\"mediaType\":\"" + layerType + "\",\"digest\":\"" + layer + "\",\"size\":" + layerSize + "}")
                + "]" + (extra == null ? "" : "," + extra) + "}").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] index(String mediaType, String... children) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":[" + String.join(",", children) + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(content) + "\",\"size\":" + content.length + "}";
    }

    public static String subject(byte[] content) {
        return "\"subject\":" + descriptor(MediaTypes.OCI_MANIFEST, content);
    }
}
