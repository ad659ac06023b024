package dev.gantry.analysis.packages;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Installed Python distributions: {@code NAME.dist-info/METADATA} (wheels, pip) and
 * {@code NAME.egg-info/PKG-INFO} or a bare {@code NAME.egg-info} file (setuptools), both the core
 * metadata's RFC 822 header: {@code Name:} and {@code Version:} before the first blank line.
 * Names are normalised as PEP 503 says (lower case, each run of {@code -_.} one {@code -}), the
 * form PyPI advisories are matched by.
 */
final class PythonMetadata {
    /** Header lines read at most: a real header is tens of lines; a hostile one stops here. */
    private static final int MAX_HEADER_LINES = 10_000;

    private PythonMetadata() {
    }

    static boolean isMetadata(String path) {
        int slash = path.lastIndexOf('/');
        String base = path.substring(slash + 1);
        String parent = slash < 0 ? "" : path.substring(path.lastIndexOf('/', slash - 1) + 1, slash);
        return base.equals("METADATA") && parent.endsWith(".dist-info")
                || base.equals("PKG-INFO") && parent.endsWith(".egg-info")
                || base.endsWith(".egg-info");
    }

    static LanguagePackages.Found read(InputStream content, String path) throws IOException {
        LineReader lines = new LineReader(content);
        String name = null;
        String version = null;
        String line;
        for (int n = 0; n < MAX_HEADER_LINES && (line = lines.next()) != null && !line.isEmpty(); n++) {
            if (name == null && line.regionMatches(true, 0, "Name:", 0, 5)) {
                name = line.substring(5).strip();
            } else if (version == null && line.regionMatches(true, 0, "Version:", 0, 8)) {
                version = line.substring(8).strip();
            }
        }
        if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
            return new LanguagePackages.Found(List.of(), "Python metadata without Name and Version headers");
        }
        return new LanguagePackages.Found(List.of(PackageRecord.language("pypi", normalise(name), version, path)), null);
    }

    /** PEP 503: {@code re.sub(r"[-_.]+", "-", name).lower()}. */
    static String normalise(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }
}
