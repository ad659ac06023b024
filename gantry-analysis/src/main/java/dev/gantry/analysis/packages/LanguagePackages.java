package dev.gantry.analysis.packages;

import dev.gantry.analysis.walk.LayerEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which files of a layer hold language packages, and the reader for each: Java archives
 * ({@link JarPackages}), Python metadata ({@link PythonMetadata}), {@code node_modules}
 * manifests ({@link NodePackageJson}) and Go binaries ({@link GoBinaries}). Each file is one
 * "database" for {@link PackageScanner}: a later layer replacing or deleting it changes or
 * removes its packages, exactly as for a dpkg status file.
 */
final class LanguagePackages {
    /** The purl types of language packages. */
    static final Set<String> TYPES = Set.of("maven", "pypi", "npm", "golang", "cargo");

    /**
     * What one file held: its packages, and why it was not read (or read only in part), or null.
     *
     * @param records the packages found, possibly only some when {@code error} is set
     * @param error   why the file was not read to its end, or null
     */
    record Found(List<PackageRecord> records, String error) {
    }

    private LanguagePackages() {
    }

    /**
     * Reads one regular file if it is one a language package lives in.
     *
     * @param entry   the layer entry, a regular file
     * @param content its bytes (the walker's; not closed)
     * @return what it held, or null when the file is no package file (most files; an executable that is not a
     *         Go binary)
     * @throws IOException when the layer stream fails; a malformed file is a {@link Found} with an error
     */
    static Found read(LayerEntry entry, InputStream content) throws IOException {
        String path = entry.path();
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear")) {
            return JarPackages.read(content, path, entry.size());
        }
        if (PythonMetadata.isMetadata(path)) {
            return PythonMetadata.read(content, path);
        }
        if (NodePackageJson.isPackageRoot(path)) {
            return NodePackageJson.read(content, path);
        }
        if ((entry.mode() & 0111) != 0 && entry.size() >= GoBinaries.MIN_SIZE) {
            return GoBinaries.read(content, path, entry.size());
        }
        return null;
    }
}
