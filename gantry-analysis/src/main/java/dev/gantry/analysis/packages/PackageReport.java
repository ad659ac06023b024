package dev.gantry.analysis.packages;

import java.util.List;

/**
 * The packages of an image's final filesystem, sorted by type and name.
 *
 * @param image       the image as the user named it
 * @param imageDigest the manifest digest
 * @param os          the distribution, or null without an os-release file
 * @param packages    the installed packages, sorted by type, name and architecture
 * @param notes       what could not be listed, e.g. an rpm database
 */
public record PackageReport(String image, String imageDigest, OsRelease os, List<InstalledPackage> packages,
                            List<String> notes) {
}
