package dev.gantry.registry.content;

import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.util.Map;

/** Digests from URLs and query strings, refused with DIGEST_INVALID rather than a generic error. */
public final class References {
    private References() {
    }

    public static Digest digest(String text) {
        try {
            return Digest.parse(text);
        } catch (GantryException e) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, e.getMessage(), Map.of("digest", String.valueOf(text)));
        }
    }
}
