package dev.gantry.analysis.secrets;

import dev.gantry.error.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/** How bad a leaked secret is, lowest first, so {@code --fail-on} compares by order. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unknown severity '" + text + "': use one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
