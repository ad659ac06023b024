package dev.gantry.vulns.triage;

import java.util.Locale;

/** A VEX statement's status, as OpenVEX names it; CycloneDX's analysis states map onto these. */
public enum VexStatus {
    /** The product is not affected: the finding is suppressed (a justification or impact statement is required). */
    NOT_AFFECTED,
    /** The product contains a fix: the finding is suppressed. */
    FIXED,
    /** The product is affected: the finding stays, annotated with the statement. */
    AFFECTED,
    /** Not yet known: the finding stays, annotated with the statement. */
    UNDER_INVESTIGATION;

    /**
     * Whether a finding this status applies to is suppressed.
     *
     * @return true for not_affected and fixed
     */
    public boolean suppresses() {
        return this == NOT_AFFECTED || this == FIXED;
    }

    /**
     * The OpenVEX word.
     *
     * @return e.g. {@code not_affected}
     */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
