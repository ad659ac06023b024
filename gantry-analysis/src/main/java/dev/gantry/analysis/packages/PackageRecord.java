package dev.gantry.analysis.packages;

/**
 * One installed package as its database states it.
 *
 * @param type          the purl type: {@code deb}, {@code apk} or {@code rpm}
 * @param name          the package name (dpkg {@code Package:}, apk {@code P:}, rpm {@code NAME})
 * @param version       its version (dpkg {@code Version:}, apk {@code V:}, rpm {@code [EPOCH:]VERSION-RELEASE})
 * @param arch          its architecture (dpkg {@code Architecture:}, apk {@code A:}, rpm {@code ARCH}), or null
 *                      when not stated
 * @param source        the source package (dpkg {@code Source:}, apk {@code o:}, the name in rpm's
 *                      {@code SOURCERPM}), or null when it is the package itself
 * @param sourceVersion the source's version when dpkg states one in parentheses, or rpm's {@code SOURCERPM}
 *                      names one other than the package's {@code VERSION-RELEASE}; else null
 */
public record PackageRecord(String type, String name, String version, String arch, String source, String sourceVersion) {
    /** What identifies "the same package" across layers: multi-arch dpkg installs one name per architecture. */
    String key() {
        return type + ":" + name + ":" + (arch == null ? "" : arch);
    }
}
