package dev.gantry.analysis.packages;

/**
 * A package version that some layer installed and a later layer upgraded, downgraded or removed:
 * not in the final filesystem, but its files are still in the lower layer's bytes, which anyone
 * can pull and extract.
 *
 * @param pkg            the package as it was before the change ({@code changedLayer} is the layer that
 *                       installed this version)
 * @param replacedLayer  0-based index of the layer that changed or removed it
 * @param replacedDigest that layer's digest
 * @param replacement    the version that layer left, or null when it removed the package
 */
public record SupersededPackage(InstalledPackage pkg, int replacedLayer, String replacedDigest, String replacement) {
}
