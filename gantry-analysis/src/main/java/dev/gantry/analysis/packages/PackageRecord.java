package dev.gantry.analysis.packages;

/**
 * One installed package as its database states it.
 *
 * @param type          the purl type: {@code deb} or {@code apk}
 * @param name          the package name (dpkg {@code Package:}, apk {@code P:})
 * @param version       its version (dpkg {@code Version:}, apk {@code V:})
 * @param arch          its architecture (dpkg {@code Architecture:}, apk {@code A:}), or null when not stated
 * @param source        the source package (dpkg {@code Source:}, apk {@code o:}), or null when it is the
 *                      package itself
 * @param sourceVersion the source's version when dpkg states one in parentheses, else null
 */
public record PackageRecord(String type, String name, String version, String arch, String source, String sourceVersion) {
    /** What identifies "the same package" across layers: multi-arch dpkg installs one name per architecture. */
    String key() {
        return type + ":" + name + ":" + (arch == null ? "" : arch);
    }
}
