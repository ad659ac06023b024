package dev.gantry.vulns.db;

import java.util.List;

/**
 * One OSV range: a timeline of events in the ecosystem's version order.
 *
 * @param events the events as the advisory lists them
 */
public record Range(List<Event> events) {

    /** The kinds of OSV range events. */
    public enum Kind {
        /** The vulnerability starts at this version ({@code 0}: before every version). */
        INTRODUCED,
        /** Fixed at this version. */
        FIXED,
        /** The last version known to be affected. */
        LAST_AFFECTED,
        /** An upper bound on the whole range ({@code *}: none). */
        LIMIT
    }

    /**
     * One event.
     *
     * @param kind    what happens at the version
     * @param version the version, in the ecosystem's syntax
     */
    public record Event(Kind kind, String version) {
    }

    /**
     * A range affecting every version before {@code fixed}, or every version when {@code fixed} is null.
     *
     * @param fixed the first fixed version, or null
     * @return {@code introduced: 0} and, when given, {@code fixed}
     */
    public static Range fixedAt(String fixed) {
        return fixed == null ? new Range(List.of(new Event(Kind.INTRODUCED, "0")))
                : new Range(List.of(new Event(Kind.INTRODUCED, "0"), new Event(Kind.FIXED, fixed)));
    }
}
