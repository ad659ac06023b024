package dev.gantry.analysis.packages;

/**
 * A package database in the final filesystem whose packages could not be listed: it is not "no
 * packages", and whoever reads the report must be able to tell the two apart.
 *
 * @param path   the database's path, e.g. {@code var/lib/rpm/rpmdb.sqlite}
 * @param layer  0-based index of the layer that wrote it
 * @param reason why it was not read
 */
public record UnreadDatabase(String path, int layer, String reason) {
}
