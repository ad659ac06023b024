package dev.gantry.analysis.lint;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How bad a finding is, most severe first; {@code --fail-on} compares against this order. */
public enum Severity {
    ERROR("error"), WARNING("warning"), INFO("note");

    private final String sarifLevel;

    Severity(String sarifLevel) {
        this.sarifLevel = sarifLevel;
    }

    /** SARIF 2.1.0 {@code level}: error, warning or note. */
    public String sarifLevel() {
        return sarifLevel;
    }

    /** The severity named error, warning or info, any case. */
    public static Severity parse(String name) {
        for (Severity s : values()) {
            if (s.toString().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + name + "': use error, warning or info");
    }

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
