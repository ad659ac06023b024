package dev.gantry.analysis.secrets;

import dev.gantry.error.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/** How bad a leaked secret is, lowest first, so {@code --fail-on} compares by order. */
public enum Severity {
    /** A weak signal, e.g. a literal password in a config or script (the bundled rule generic-password). */
    LOW,
    /** A limited credential or a likely secret, e.g. a JSON Web Token, a Slack webhook, a .env secret. */
    MEDIUM,
    /** A credential to an account or service, e.g. a GitHub or npm token, registry credentials. */
    HIGH,
    /** A key with broad or lasting power, e.g. a private key, an AWS secret access key, a cloud service key. */
    CRITICAL;

    /**
     * The severity with this name, any case, blanks around it ignored.
     *
     * @param text "low", "medium", "high" or "critical"
     * @return the severity
     * @throws dev.gantry.error.InvalidInputException when the name is none of those
     */
    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unknown severity '" + text + "': use one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Whether this severity is {@code other} or worse.
     *
     * @param other the least severity that counts
     * @return true when this is as severe as {@code other} or more
     */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
