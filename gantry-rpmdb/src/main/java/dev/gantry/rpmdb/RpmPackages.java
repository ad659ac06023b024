package dev.gantry.rpmdb;

import dev.gantry.analysis.packages.PackageRecord;

/**
 * An rpm header as a package: name, {@code [EPOCH:]VERSION-RELEASE} (rpm's EVR: no epoch when the header has
 * none), arch, and the source package named by {@code SOURCERPM}.
 */
final class RpmPackages {
    private RpmPackages() {
    }

    /**
     * The package a header describes, or null for a header that is not an installed package: rpm keeps each
     * imported signing key as a {@code gpg-pubkey} header without an architecture, which {@code rpm -qa} lists
     * but no advisory names.
     */
    static PackageRecord of(RpmHeader h) throws HeaderException {
        String name = h.string(RpmHeader.TAG_NAME);
        String version = h.string(RpmHeader.TAG_VERSION);
        String release = h.string(RpmHeader.TAG_RELEASE);
        if (name == null || name.isEmpty() || version == null || release == null) {
            throw new HeaderException("header without NAME, VERSION or RELEASE");
        }
        String arch = h.string(RpmHeader.TAG_ARCH);
        if (arch == null && name.equals("gpg-pubkey")) {
            return null;
        }
        Integer epoch = h.int32(RpmHeader.TAG_EPOCH);
        String vr = version + "-" + release;
        String evr = epoch == null ? vr : Integer.toUnsignedString(epoch) + ":" + vr;
        SourceRpm src = SourceRpm.parse(h.string(RpmHeader.TAG_SOURCERPM));
        String source = src == null || src.name().equals(name) ? null : src.name();
        String sourceVersion = src == null || src.versionRelease().equals(vr) ? null : src.versionRelease();
        return new PackageRecord("rpm", name, evr, arch, source, sourceVersion);
    }

    /** {@code openssl-3.0.7-27.el9.src.rpm}: name {@code openssl}, version-release {@code 3.0.7-27.el9}. */
    record SourceRpm(String name, String versionRelease) {
        static SourceRpm parse(String file) {
            if (file == null) {
                return null;
            }
            String base = file.endsWith(".src.rpm") ? file.substring(0, file.length() - 8)
                    : file.endsWith(".nosrc.rpm") ? file.substring(0, file.length() - 10) : null;
            if (base == null) {
                return null;
            }
            int releaseDash = base.lastIndexOf('-');
            int versionDash = releaseDash <= 0 ? -1 : base.lastIndexOf('-', releaseDash - 1);
            if (versionDash <= 0) {
                return null;
            }
            return new SourceRpm(base.substring(0, versionDash), base.substring(versionDash + 1));
        }
    }
}
