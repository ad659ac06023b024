package dev.gantry.analysis.lint;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How bad a finding is, most severe first; {@code --fail-on} compares against this order. */
public enum Severity {
    /** Wrong or dangerous as written (a secret in the image, a relative WORKDIR); SARIF "error". */
    ERROR("error"),
    /** Works, but costs size, cache hits, reproducibility or safety; SARIF "warning". */
    WARNING("warning"),
    /** A suggestion; SARIF "note". */
    INFO("note");

    private final String sarifLevel;

    Severity(String sarifLevel) {
        this.sarifLevel = sarifLevel;
    }

    /**
     * The SARIF 2.1.0 {@code level} for this severity.
     *
     * @return "error", "warning" or "note"
     */
    public String sarifLevel() {
        return sarifLevel;
    }

    /**
     * The severity named error, warning or info, any case (what {@code --fail-on} takes).
     *
     * @param name the name
     * @return the severity
     * @throws IllegalArgumentException when the name is none of those
     */
    public static Severity parse(String name) {
        for (Severity s : values()) {
            if (s.toString().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + name + "': use error, warning or info");
    }

    /**
     * Whether this severity is {@code threshold} or worse.
     *
     * @param threshold the least severity that counts
     * @return true when this is as severe as {@code threshold} or more
     */
    public boolean atLeast(Severity threshold) {
        return compareTo(threshold) <= 0;
    }

    /** error, warning, info: what --fail-on takes and JSON shows. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
