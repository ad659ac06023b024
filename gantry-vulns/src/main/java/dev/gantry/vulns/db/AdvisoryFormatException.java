package dev.gantry.vulns.db;

import dev.gantry.error.InvalidInputException;

/** An advisory file, or one entry of it, that does not have its format's shape. Nothing of the import is kept. */
public final class AdvisoryFormatException extends InvalidInputException {
    private final String file;
    private final String entry;

    /**
     * A problem in one file.
     *
     * @param file   the file (for zip exports, {@code FILE!ENTRY})
     * @param entry  the entry within it ({@code openssl/CVE-2024-1234}, an OSV id), or null for the file as a whole
     * @param reason what is wrong
     */
    public AdvisoryFormatException(String file, String entry, String reason) {
        super("advisory file " + file + (entry == null ? "" : ", entry " + entry) + ": " + reason
                + "; nothing was imported, the previous database is unchanged");
        this.file = file;
        this.entry = entry;
    }

    /**
     * The file.
     *
     * @return the file as the message names it
     */
    public String file() {
        return file;
    }

    /**
     * The entry.
     *
     * @return the entry, or null when the file as a whole is wrong
     */
    public String entry() {
        return entry;
    }
}
