package dev.gantry.analysis.packages;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * dpkg's database: {@code var/lib/dpkg/status} (deb822 stanzas separated by blank lines,
 * continuation lines start with a space) and distroless's {@code var/lib/dpkg/status.d/NAME},
 * the same stanzas one package per file. Only packages dpkg calls installed count: a stanza
 * whose {@code Status} is {@code deinstall ok config-files} was removed and left its conffiles.
 * Stanzas without {@code Status} (distroless writes none) are installed.
 */
final class DpkgStatus {
    private DpkgStatus() {
    }

    /** The installed packages; a file that is not deb822 throws {@link MalformedDatabaseException}. */
    static List<PackageRecord> parse(InputStream in) throws IOException {
        List<PackageRecord> out = new ArrayList<>();
        LineReader lines = new LineReader(in);
        Map<String, String> fields = new HashMap<>();
        for (String line = lines.next(); ; line = lines.next()) {
            if (line == null || line.isBlank()) {
                add(fields, out);
                fields.clear();
                if (line == null) {
                    return out;
                }
            } else if (!Character.isWhitespace(line.charAt(0))) {
                int colon = line.indexOf(':');
                if (colon <= 0 || line.indexOf('\0') >= 0) {
                    // deb822 has only "Field: value" and continuation lines: this is not a dpkg database
                    throw new MalformedDatabaseException("line " + lines.number() + " is not a deb822 field");
                }
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
    }

    private static void add(Map<String, String> f, List<PackageRecord> out) {
        String name = f.get("Package");
        String version = f.get("Version");
        String status = f.get("Status");
        if (name == null || version == null || (status != null && !status.endsWith(" installed"))) {
            return;
        }
        String source = f.get("Source");
        String sourceVersion = null;
        if (source != null) {
            // "Source: glibc (2.36-9)": the source's version when it differs from the binary's
            int paren = source.indexOf('(');
            if (paren > 0 && source.endsWith(")")) {
                sourceVersion = source.substring(paren + 1, source.length() - 1).strip();
                source = source.substring(0, paren).strip();
            }
        }
        out.add(new PackageRecord("deb", name, version, f.get("Architecture"), source, sourceVersion));
    }
}
