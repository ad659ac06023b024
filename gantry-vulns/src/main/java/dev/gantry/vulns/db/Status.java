package dev.gantry.vulns.db;

import java.util.Locale;

/** What an advisory says about the package, before its versions are looked at. */
public enum Status {
    /** Versions in its ranges or list are affected. */
    AFFECTED,
    /** Affected, but the Debian security team rates it {@code unimportant}: no fix is planned. */
    UNIMPORTANT,
    /** Affected, but Debian will not issue a security advisory ({@code no-dsa}, e.g. a minor issue). */
    NO_DSA,
    /** The distribution says this package was never affected. */
    NOT_AFFECTED,
    /** The distribution has not yet determined whether the package is affected. */
    UNDETERMINED;

    /**
     * Whether a finding with this status counts towards {@code --fail-on} without {@code --strict}.
     *
     * @return true for affected and undetermined
     */
    public boolean failsGate() {
        return this == AFFECTED || this == UNDETERMINED;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
