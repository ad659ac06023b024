package dev.gantry.vulns.version;

import java.util.Comparator;
import java.util.Locale;

/**
 * How one package ecosystem orders its version strings. Each implementation follows its
 * reference implementation exactly (dpkg, apk-tools, rpm), including the corners where that
 * order surprises: a version string is never parsed into anything that could lose them.
 */
public interface VersionOrder extends Comparator<String> {

    /**
     * Compares two versions of this ecosystem.
     *
     * @param a a version
     * @param b another version
     * @return negative when {@code a} is older, 0 when the ecosystem calls them equal, positive when newer
     */
    @Override
    int compare(String a, String b);

    /**
     * The name of this order, e.g. {@code dpkg}.
     *
     * @return a short name for messages
     */
    String name();

    /**
     * The order an OSV ecosystem name uses ({@code Debian:12}, {@code Alpine:v3.19}, {@code Rocky Linux:9}):
     * the part before the first colon selects it.
     *
     * @param ecosystem an OSV ecosystem, with or without its release suffix
     * @return the order, or null when Gantry does not know this ecosystem's order
     */
    static VersionOrder forEcosystem(String ecosystem) {
        int colon = ecosystem.indexOf(':');
        String base = (colon < 0 ? ecosystem : ecosystem.substring(0, colon)).toLowerCase(Locale.ROOT);
        return switch (base) {
            case "debian", "ubuntu" -> DpkgVersion.ORDER;
            case "alpine", "wolfi", "chainguard" -> ApkVersion.ORDER;
            case "red hat", "rocky linux", "almalinux", "opensuse", "suse", "fedora", "mageia", "openeuler",
                 "photon os" -> RpmVersion.ORDER;
            case "npm", "go", "crates.io", "hex", "pub" -> SemVer.ORDER;
            case "pypi" -> Pep440Version.ORDER;
            case "maven" -> MavenVersion.ORDER;
            default -> null;
        };
    }
}
