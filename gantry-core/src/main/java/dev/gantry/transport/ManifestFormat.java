package dev.gantry.transport;

/** Which family of media types a manifest uses. */
public enum ManifestFormat {
    /** Keep whatever the source has. */
    ANY,
    /** OCI image-spec media types. */
    OCI,
    /** Docker schema2 media types. */
    DOCKER
}
