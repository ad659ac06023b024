package dev.gantry.registry.errors;

/**
 * A chunk that does not start where the upload ends (or whose Content-Range is malformed):
 * 416 with the Range the session really has, so the client can resume from there.
 */
public class UploadRangeException extends RegistryException {
    private final long size;

    public UploadRangeException(String message, long size) {
        super(ErrorCode.RANGE_INVALID, message);
        this.size = size;
    }

    /** Bytes the session holds. */
    public long size() {
        return size;
    }
}
