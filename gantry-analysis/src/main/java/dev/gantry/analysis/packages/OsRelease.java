package dev.gantry.analysis.packages;

import java.io.IOException;
import java.io.InputStream;

/**
 * The distribution, from {@code os-release(5)}: {@code KEY=value} lines, values optionally quoted. {@code id}
 * names the purl namespace ({@code debian}, {@code ubuntu}, {@code alpine}), {@code id-versionId} the purl
 * {@code distro} qualifier, as syft writes them.
 *
 * @param id              {@code ID}, or null when absent
 * @param versionId       {@code VERSION_ID}, or null when absent (Debian sid has none)
 * @param versionCodename {@code VERSION_CODENAME}, or null when absent
 * @param prettyName      {@code PRETTY_NAME}, or null when absent
 */
public record OsRelease(String id, String versionId, String versionCodename, String prettyName) {

    static OsRelease parse(InputStream in) throws IOException {
        String id = null;
        String versionId = null;
        String codename = null;
        String pretty = null;
        LineReader lines = new LineReader(in);
        for (String line = lines.next(); line != null; line = lines.next()) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String value = unquote(line.substring(eq + 1).strip());
            switch (line.substring(0, eq).strip()) {
                case "ID" -> id = value;
                case "VERSION_ID" -> versionId = value;
                case "VERSION_CODENAME" -> codename = value;
                case "PRETTY_NAME" -> pretty = value;
                default -> {
                    // other keys are not needed for package URLs
                }
            }
        }
        return new OsRelease(id, versionId, codename, pretty);
    }

    /**
     * The purl {@code distro} qualifier.
     *
     * @return e.g. "debian-12" or "alpine-3.19.1"; null when the id or version is unknown
     */
    public String distro() {
        return id == null || versionId == null ? null : id + "-" + versionId;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
