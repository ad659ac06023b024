package dev.gantry.analysis.packages;

/**
 * A package present in the final image, with the layers that made it so.
 *
 * @param type          the purl type: {@code deb}, {@code apk} or {@code rpm}
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
 * @param database      the database file that lists it, e.g. {@code var/lib/dpkg/status}
 */
public record InstalledPackage(String type, String name, String version, String arch, String source,
                               String sourceVersion, int layer, String layerDigest, int changedLayer,
                               String changedDigest, String database) {

    static InstalledPackage introduced(PackageRecord r, int layer, String digest, String database) {
        return new InstalledPackage(r.type(), r.name(), r.version(), r.arch(), r.source(), r.sourceVersion(),
                layer, digest, layer, digest, database);
    }

    /** The same package as a later layer's database lists it: a new version moves {@code changedLayer}. */
    InstalledPackage seenAgain(PackageRecord r, int at, String digest, String db) {
        boolean changed = !r.version().equals(version);
        return new InstalledPackage(type, name, r.version(), arch, r.source(), r.sourceVersion(), layer, layerDigest,
                changed ? at : changedLayer, changed ? digest : changedDigest, db);
    }
}
