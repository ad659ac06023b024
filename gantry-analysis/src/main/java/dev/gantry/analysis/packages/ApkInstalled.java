package dev.gantry.analysis.packages;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * apk-tools' {@code lib/apk/db/installed}: one stanza per package, separated by blank lines,
 * each line {@code X:value} with a one-letter key ({@code P} name, {@code V} version,
 * {@code A} architecture, {@code o} origin, i.e. the source package); the file and directory
 * lines ({@code F:}, {@code R:}, {@code Z:} ...) are skipped.
 */
final class ApkInstalled {
    private ApkInstalled() {
    }

    static List<PackageRecord> parse(InputStream in) throws IOException {
        List<PackageRecord> out = new ArrayList<>();
        LineReader lines = new LineReader(in);
        String name = null;
        String version = null;
        String arch = null;
        String origin = null;
        for (String line = lines.next(); ; line = lines.next()) {
            if (line == null || line.isBlank()) {
                if (name != null && version != null) {
                    out.add(new PackageRecord("apk", name, version, arch, origin, null));
                }
                name = version = arch = origin = null;
                if (line == null) {
                    return out;
                }
            } else if (line.length() < 2 || line.charAt(1) != ':' || line.indexOf('\0') >= 0) {
                // every line of the installed db is one letter, a colon and a value
                throw new MalformedDatabaseException("line " + lines.number() + " is not an apk db field");
            } else {
                String value = line.substring(2);
                switch (line.charAt(0)) {
                    case 'P' -> name = value;
                    case 'V' -> version = value;
                    case 'A' -> arch = value;
                    case 'o' -> origin = value;
                    default -> {
                        // files, checksums, dependencies: not needed to list packages
                    }
                }
            }
        }
    }
}
