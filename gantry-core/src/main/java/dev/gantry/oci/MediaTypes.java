package dev.gantry.oci;

import dev.gantry.error.UnsupportedFormatException;

/** The media types of image-spec and of Docker's schema2, and how each maps to the other. */
public final class MediaTypes {
    /** An OCI image manifest: a config and ordered layers for one platform. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** An OCI image index: manifests for several platforms (or of other kinds), each with a descriptor. */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** An OCI image config: platform, run settings, diff_ids and history. */
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** An uncompressed OCI layer tar; its digest is its diff_id. */
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    /** A gzip-compressed OCI layer tar, the most widely read layer type. */
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** A zstd-compressed OCI layer tar; Docker schema2 has no equivalent. */
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** A non-distributable OCI layer (deprecated by image-spec 1.1): copies may skip it when it has {@code urls}. */
    public static final String OCI_LAYER_NONDIST = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    /** The gzip form of {@link #OCI_LAYER_NONDIST}; Docker's foreign layer type maps to it. */
    public static final String OCI_LAYER_NONDIST_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    /** The zstd form of {@link #OCI_LAYER_NONDIST}. */
    public static final String OCI_LAYER_NONDIST_ZSTD = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    /** The empty descriptor's type ({@code {}}): an artifact's config when it needs none. */
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    /** The type of an image layout's {@code oci-layout} file. */
    public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";

    /** A Docker schema2 image manifest, the Docker twin of {@link #OCI_MANIFEST}. */
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** A Docker manifest list, the Docker twin of {@link #OCI_INDEX}. */
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** A Docker image config, the Docker twin of {@link #OCI_CONFIG}. */
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    /** An uncompressed Docker layer tar (legacy {@code docker save} layers are read as this). */
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    /** A gzip-compressed Docker layer tar. */
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** A Docker foreign layer (Windows base layers), stored at its {@code urls} rather than in registries. */
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    /** Docker schema1, refused wherever it is met (see {@link #schema1}). */
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    /** Signed Docker schema1, refused like {@link #DOCKER_SCHEMA1}. */
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    private MediaTypes() {
    }

    /**
     * {@return true for a multi-manifest document of either family: an OCI index or a Docker manifest list}
     *
     * @param mediaType the type, possibly null
     */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /**
     * {@return true for a single-image manifest of either family}
     *
     * @param mediaType the type, possibly null
     */
    public static boolean isImageManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /**
     * {@return true for any manifest Gantry reads: an image manifest or an index, of either family}
     *
     * @param mediaType the type, possibly null
     */
    public static boolean isManifest(String mediaType) {
        return isIndex(mediaType) || isImageManifest(mediaType);
    }

    /**
     * {@return true for Docker schema1, signed or not, which readers refuse}
     *
     * @param mediaType the type, possibly null
     */
    public static boolean isSchema1(String mediaType) {
        return DOCKER_SCHEMA1.equals(mediaType) || DOCKER_SCHEMA1_SIGNED.equals(mediaType);
    }

    /**
     * {@return true for any Docker type ({@code application/vnd.docker.*}), to tell the families apart}
     *
     * @param mediaType the type, possibly null
     */
    public static boolean isDocker(String mediaType) {
        return mediaType != null && mediaType.startsWith("application/vnd.docker.");
    }

    /**
     * {@return true for the image config types of both families; anything else makes a manifest an artifact}
     *
     * @param mediaType the config descriptor's type, possibly null
     */
    public static boolean isImageConfig(String mediaType) {
        return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
    }

    /**
     * {@return true for the image layer types of both families (tar, possibly compressed), not for artifact blobs}
     *
     * @param mediaType the layer descriptor's type, possibly null
     */
    public static boolean isLayer(String mediaType) {
        return mediaType != null && (mediaType.startsWith("application/vnd.oci.image.layer.")
                || mediaType.startsWith("application/vnd.docker.image.rootfs."));
    }

    /**
     * {@return true for OCI non-distributable and Docker foreign layers, which stores need not hold}
     *
     * @param mediaType the layer descriptor's type, possibly null
     */
    public static boolean isNonDistributable(String mediaType) {
        return mediaType != null && (mediaType.contains(".nondistributable.") || mediaType.contains(".foreign."));
    }

    /**
     * {@return the OCI type for a Docker schema2 type, or the type itself when it is already OCI or has
     * no Docker twin (null stays null)}
     *
     * @param mediaType the type to convert
     * @throws dev.gantry.error.UnsupportedFormatException for a schema1 type
     */
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

    /**
     * {@return the Docker schema2 type for an OCI type, or the type itself when it has no OCI twin (null stays null)}
     *
     * @param mediaType the type to convert
     * @throws dev.gantry.error.UnsupportedFormatException for OCI-only types Docker cannot express
     *                                                     (zstd and uncompressed non-distributable layers)
     */
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

    /**
     * {@return the one refusal of a schema1 manifest, for callers to throw, saying what to do instead}
     *
     * @param where names the manifest (digest, file, source)
     */
    public static UnsupportedFormatException schema1(String where) {
        return new UnsupportedFormatException(where + " is a Docker schema1 manifest, which is not supported (deprecated since 2017); "
                + "convert the image with a registry or tool that still reads schema1");
    }
}
