package dev.gantry.registry.errors;

import dev.gantry.error.GantryException;

import java.util.Map;

/**
 * A request the registry refuses with one of the spec's error codes. {@code detail} is the
 * spec's free-form detail object (e.g. {"digest": ...} for a missing blob); {@code status}
 * overrides the code's usual status where the spec asks for another (413 for a too-large
 * manifest).
 */
public class RegistryException extends GantryException {
    private final ErrorCode code;
    private final Map<String, Object> detail;
    private final int status;

    public RegistryException(ErrorCode code, String message) {
        this(code, message, null, code.status());
    }

    public RegistryException(ErrorCode code, String message, Map<String, Object> detail) {
        this(code, message, detail, code.status());
    }

    public RegistryException(ErrorCode code, String message, Map<String, Object> detail, int status) {
        super(message);
        this.code = code;
        this.detail = detail;
        this.status = status;
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> detail() {
        return detail;
    }

    public int status() {
        return status;
    }
}
