package dev.gantry.vulns.triage;

/**
 * What is known about a finding beyond the advisory: a VEX statement, an ignore entry, or the
 * distribution's own "not affected". Suppressing triage takes the finding out of the gate and the
 * default listing; {@code --show-suppressed} lists it with {@link #why()}.
 *
 * @param kind          where it comes from
 * @param suppresses    whether the finding no longer counts
 * @param state         the VEX status ({@code not_affected}, {@code fixed}, ...), {@code ignored}, or
 *                      {@code not-affected} for the distribution's
 * @param justification the VEX justification, or null
 * @param detail        the impact statement, the ignore entry's reason and expiry, or the advisory's note
 * @param origin        the file and statement or line: {@code vex.json statement 2}, {@code .gantryignore-vulns:3}
 */
public record Triage(Kind kind, boolean suppresses, String state, String justification, String detail, String origin) {

    /** Where a triage comes from. */
    public enum Kind {
        /** An OpenVEX or CycloneDX VEX statement ({@code --vex}). */
        VEX,
        /** An ignore file entry ({@code --ignore-file}). */
        IGNORE,
        /** The advisory source says the package was never affected (Debian tracker's fixed_version 0). */
        DISTRIBUTION
    }

    /**
     * The reason in one line: {@code VEX not_affected (vulnerable_code_not_in_execute_path: ...) from vex.json statement 2}.
     *
     * @return the reason and where it comes from
     */
    public String why() {
        String what = switch (kind) {
            case VEX -> "VEX " + state;
            case IGNORE -> "ignored";
            case DISTRIBUTION -> "distribution: not affected";
        };
        String because = justification == null ? detail : detail == null ? justification : justification + ": " + detail;
        return what + (because == null ? "" : " (" + because + ")") + " from " + origin;
    }
}
