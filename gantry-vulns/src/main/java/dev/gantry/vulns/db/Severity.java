package dev.gantry.vulns.db;

import java.util.Locale;

/** How bad a vulnerability is, on the scale scanners share; {@code UNKNOWN} ranks lowest. */
public enum Severity {
    /** The advisory gives no severity. */
    UNKNOWN,
    /** Debian's {@code unimportant}, or a CVSS score of 0. */
    NEGLIGIBLE,
    /** Low (CVSS 0.1-3.9). */
    LOW,
    /** Medium (CVSS 4.0-6.9). */
    MEDIUM,
    /** High (CVSS 7.0-8.9). */
    HIGH,
    /** Critical (CVSS 9.0-10.0). */
    CRITICAL;

    /**
     * A severity word as advisories and users write it ({@code moderate} is medium, {@code important} high).
     *
     * @param text the word, any case; Debian's trailing {@code **} is ignored
     * @return the severity, {@code UNKNOWN} for words it does not know
     */
    public static Severity parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String t = text.strip().toLowerCase(Locale.ROOT).replace("*", "");
        return switch (t) {
            case "negligible", "unimportant", "none" -> NEGLIGIBLE;
            case "low" -> LOW;
            case "medium", "moderate" -> MEDIUM;
            case "high", "important" -> HIGH;
            case "critical" -> CRITICAL;
            default -> UNKNOWN;
        };
    }

    /**
     * The band a CVSS base score falls in.
     *
     * @param score 0.0 to 10.0
     * @return its severity
     */
    public static Severity ofScore(double score) {
        return score >= 9.0 ? CRITICAL : score >= 7.0 ? HIGH : score >= 4.0 ? MEDIUM : score > 0 ? LOW : NEGLIGIBLE;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
