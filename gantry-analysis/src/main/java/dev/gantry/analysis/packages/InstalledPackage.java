package dev.gantry.analysis.packages;

/**
 * A package present in the final image, with the layers that made it so.
 *
 * @param type          the purl type: {@code deb}, {@code apk} or {@code rpm}, or a language package's
 *                      {@code maven}, {@code pypi}, {@code npm}, {@code golang}, {@code cargo}
 * @param name          the package name
 * @param version       the version the final image has
 * @param arch          the architecture the database states, or null
 * @param source        the source package, or null when it is the package itself
 * @param sourceVersion the source package's version when it differs from the package's, else null
 * @param layer         0-based index of the layer that installed it (the first layer since which it was always
 *                      present)
 * @param layerDigest   that layer's digest
 * @param changedLayer  the layer that last changed its version (equal to {@code layer} when never upgraded)
 * @param changedDigest that layer's digest
 * @param database      the database file that lists it, e.g. {@code var/lib/dpkg/status}; for a language
 *                      package the file that holds it, {@code !/}-joined inside archives
 *                      ({@code app/app.jar!/BOOT-INF/lib/x.jar})
 */
public record InstalledPackage(String type, String name, String version, String arch, String source,
                               String sourceVersion, int layer, String layerDigest, int changedLayer,
                               String changedDigest, String database) {

    static InstalledPackage introduced(PackageRecord r, int layer, String digest, String database) {
        return new InstalledPackage(r.type(), r.name(), r.version(), r.arch(), r.source(), r.sourceVersion(),
                layer, digest, layer, digest, r.location() != null ? r.location() : database);
    }

    /** The same package as a later layer's database lists it: a new version moves {@code changedLayer}. */
    InstalledPackage seenAgain(PackageRecord r, int at, String digest, String db) {
        boolean changed = !r.version().equals(version);
        return new InstalledPackage(type, name, r.version(), arch, r.source(), r.sourceVersion(), layer, layerDigest,
                changed ? at : changedLayer, changed ? digest : changedDigest, r.location() != null ? r.location() : db);
    }

    /**
     * Whether this is a language package (found in a jar, a dist-info, a package.json, a binary) rather than one
     * an OS package database lists.
     *
     * @return true for maven, pypi, npm, golang and cargo packages
     */
    public boolean language() {
        return LanguagePackages.TYPES.contains(type);
    }

    /** {@link PackageRecord#key()} of the record this package was made from. */
    String key() {
        return new PackageRecord(type, name, version, arch, null, null, language() ? database : null).key();
    }
}
