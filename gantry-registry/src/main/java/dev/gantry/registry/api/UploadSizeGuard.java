package dev.gantry.registry.api;

import dev.gantry.registry.content.ByteSource;
import dev.gantry.registry.errors.UploadTooLargeException;

/**
 * Keeps an upload under the size limit: a declared Content-Length that would pass it is refused
 * before a byte is read; a body without one is counted as it streams and stopped at the first
 * buffer that crosses the limit.
 */
final class UploadSizeGuard {
    private final long max;

    UploadSizeGuard(long max) {
        this.max = max;
    }

    boolean limited() {
        return max > 0;
    }

    /** {@code body} as a source that fails once the session, already holding {@code held} bytes, would pass the limit. */
    ByteSource limit(ByteSource body, long held, long declaredLength) throws UploadTooLargeException {
        if (!limited()) {
            return body;
        }
        if (declaredLength >= 0 && held + declaredLength > max) {
            throw new UploadTooLargeException(held + declaredLength, max);
        }
        return sink -> {
            long[] total = {held};
            body.transferTo(buffer -> {
                total[0] += buffer.remaining();
                if (total[0] > max) {
                    throw new UploadTooLargeException(-1, max);
                }
                sink.accept(buffer);
            });
        };
    }
}
