package dev.gantry.registry.errors;

import java.util.Map;

/**
 * An upload that would grow past the registry's size limit: 413 with BLOB_UPLOAD_INVALID (the
 * spec's code for an upload that "can no longer proceed"), because the session is cancelled.
 */
public final class UploadTooLargeException extends RegistryException {
    public UploadTooLargeException(long wouldHold, long limit) {
        super(ErrorCode.BLOB_UPLOAD_INVALID, "the upload would hold " + (wouldHold < 0 ? "more than " + limit : String.valueOf(wouldHold))
                + " bytes, more than this registry's limit of " + limit + " bytes per blob; the upload was cancelled",
                Map.of("limit", limit), 413);
    }
}
