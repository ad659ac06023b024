package dev.gantry.validate;

/**
 * One problem found by validation.
 *
 * @param severity whether it makes the image invalid
 * @param subject  what it concerns: a digest, a file inside the store, or a field
 * @param message  what is wrong, in words fit for a user
 */
public record Finding(Severity severity, String subject, String message) {
    /** How bad a finding is. */
    public enum Severity {
        /** The image is broken or not what it claims: content differs from its digest, a required field is missing. */
        ERROR,
        /** Legal but suspect: a platform claim the config contradicts, a family mix, a skipped foreign layer. */
        WARNING
    }

    static Finding error(String subject, String message) {
        return new Finding(Severity.ERROR, subject, message);
    }

    static Finding warning(String subject, String message) {
        return new Finding(Severity.WARNING, subject, message);
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + subject + ": " + message;
    }
}
