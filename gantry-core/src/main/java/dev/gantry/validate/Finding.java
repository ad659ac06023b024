package dev.gantry.validate;

/**
 * One problem found by validation.
 *
 * @param subject what it concerns: a digest, a file inside the store, or a field
 */
public record Finding(Severity severity, String subject, String message) {
    public enum Severity { ERROR, WARNING }

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
