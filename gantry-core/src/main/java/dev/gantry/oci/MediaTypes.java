package dev.gantry.oci;

import dev.gantry.error.UnsupportedFormatException;

/** The media types of image-spec and of Docker's schema2, and how each maps to the other. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDIST = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDIST_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDIST_ZSTD = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    private MediaTypes() {
    }

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    public static boolean isImageManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    public static boolean isManifest(String mediaType) {
        return isIndex(mediaType) || isImageManifest(mediaType);
    }

    public static boolean isSchema1(String mediaType) {
        return DOCKER_SCHEMA1.equals(mediaType) || DOCKER_SCHEMA1_SIGNED.equals(mediaType);
    }

    public static boolean isDocker(String mediaType) {
        return mediaType != null && mediaType.startsWith("application/vnd.docker.");
    }

    /** True for the image config types of both families; anything else makes a manifest an artifact. */
    public static boolean isImageConfig(String mediaType) {
        return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
    }

    /** True for the image layer types of both families (tar, possibly compressed), not for artifact blobs. */
    public static boolean isLayer(String mediaType) {
        return mediaType != null && (mediaType.startsWith("application/vnd.oci.image.layer.")
                || mediaType.startsWith("application/vnd.docker.image.rootfs."));
    }

    public static boolean isNonDistributable(String mediaType) {
        return mediaType != null && (mediaType.contains(".nondistributable.") || mediaType.contains(".foreign."));
    }

    /** The OCI type for a Docker schema2 type, or the type itself when it is already OCI or has no Docker twin. */
    public static String toOci(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        return switch (mediaType) {
            case DOCKER_MANIFEST -> OCI_MANIFEST;
            case DOCKER_MANIFEST_LIST -> OCI_INDEX;
            case DOCKER_CONFIG -> OCI_CONFIG;
            case DOCKER_LAYER -> OCI_LAYER;
            case DOCKER_LAYER_GZIP -> OCI_LAYER_GZIP;
            case DOCKER_FOREIGN_LAYER_GZIP -> OCI_LAYER_NONDIST_GZIP;
            case DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED -> throw schema1("media type " + mediaType);
            default -> mediaType;
        };
    }

    /** The Docker schema2 type for an OCI type; fails for OCI-only types (zstd layers) Docker cannot express. */
    public static String toDocker(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        return switch (mediaType) {
            case OCI_MANIFEST -> DOCKER_MANIFEST;
            case OCI_INDEX -> DOCKER_MANIFEST_LIST;
            case OCI_CONFIG -> DOCKER_CONFIG;
            case OCI_LAYER -> DOCKER_LAYER;
            case OCI_LAYER_GZIP -> DOCKER_LAYER_GZIP;
            case OCI_LAYER_NONDIST_GZIP -> DOCKER_FOREIGN_LAYER_GZIP;
            case OCI_LAYER_ZSTD, OCI_LAYER_NONDIST_ZSTD, OCI_LAYER_NONDIST ->
                    throw new UnsupportedFormatException("layer type " + mediaType
                            + " has no Docker schema2 equivalent; keep the OCI format (--format oci)");
            default -> mediaType;
        };
    }

    /** The refusal of a schema1 manifest; {@code where} names it (digest, file, source). */
    public static UnsupportedFormatException schema1(String where) {
        return new UnsupportedFormatException(where + " is a Docker schema1 manifest, which is not supported (deprecated since 2017); "
                + "convert the image with a registry or tool that still reads schema1");
    }
}
