package dev.gantry.analysis.packages;

import java.util.List;

/**
 * The packages of an image's final filesystem, sorted by type and name.
 *
 * @param image       the image as the user named it
 * @param imageDigest the manifest digest
 * @param os          the distribution, or null without an os-release file
 * @param packages    the installed packages, sorted by type, name and architecture
 * @param notes       what could not be listed, e.g. an rpm database, in words
 * @param unread      the package databases of the final filesystem that could not be read (an rpm database,
 *                    a damaged dpkg status), so that their packages are known to be unknown
 * @param superseded  package versions earlier layers installed and later ones changed or removed, in layer order
 */
public record PackageReport(String image, String imageDigest, OsRelease os, List<InstalledPackage> packages,
                            List<String> notes, List<UnreadDatabase> unread, List<SupersededPackage> superseded) {
}
