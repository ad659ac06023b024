package dev.gantry.analysis.packages;

/**
 * One installed package as its database states it.
 *
 * @param type          the purl type: {@code deb}, {@code apk} or {@code rpm}, or a language package's
 *                      {@code maven}, {@code pypi}, {@code npm}, {@code golang}, {@code cargo}
 * @param name          the package name (dpkg {@code Package:}, apk {@code P:}, rpm {@code NAME})
 * @param version       its version (dpkg {@code Version:}, apk {@code V:}, rpm {@code [EPOCH:]VERSION-RELEASE})
 * @param arch          its architecture (dpkg {@code Architecture:}, apk {@code A:}, rpm {@code ARCH}), or null
 *                      when not stated
 * @param source        the source package (dpkg {@code Source:}, apk {@code o:}, the name in rpm's
 *                      {@code SOURCERPM}), or null when it is the package itself
 * @param sourceVersion the source's version when dpkg states one in parentheses, or rpm's {@code SOURCERPM}
 *                      names one other than the package's {@code VERSION-RELEASE}; else null
 * @param location      where a language package lives: the file that holds it, with {@code !/} before each
 *                      path inside an archive ({@code app/app.jar!/BOOT-INF/lib/x.jar}); null for OS packages,
 *                      which their database file locates
 */
public record PackageRecord(String type, String name, String version, String arch, String source, String sourceVersion,
                            String location) {
    /**
     * An OS package, located by its database.
     *
     * @param type          the purl type
     * @param name          the package name
     * @param version       its version
     * @param arch          its architecture, or null
     * @param source        the source package, or null
     * @param sourceVersion the source's version, or null
     */
    public PackageRecord(String type, String name, String version, String arch, String source, String sourceVersion) {
        this(type, name, version, arch, source, sourceVersion, null);
    }

    /**
     * A language package found in a file.
     *
     * @param type     the purl type
     * @param name     the name its ecosystem's advisories use
     * @param version  its version
     * @param location the file holding it, {@code !/}-joined inside archives
     * @return the record
     */
    static PackageRecord language(String type, String name, String version, String location) {
        return new PackageRecord(type, name, version, null, null, null, location);
    }

    /**
     * What identifies "the same package" across layers: multi-arch dpkg installs one name per architecture; a
     * language package is one copy at one place (two jars of the same artifact are two packages).
     */
    String key() {
        return type + ":" + name + ":" + (arch == null ? "" : arch) + (location == null ? "" : ":" + location);
    }
}
