package dev.gantry.build.containerfile;

import dev.gantry.digest.Digest;

import java.nio.charset.StandardCharsets;

/**
 * A step's cache key: the parent step's key, the instruction as expanded, and the content digest
 * of what it reads (the diff_id of the tar COPY would write), chained by SHA-256. File times do
 * not enter it (the tar is written with fixed times), so touching a file keeps the cache.
 */
public record CacheKey(Digest digest) {
    public static CacheKey base(String baseDescription) {
        return new CacheKey(hash("base\n" + baseDescription));
    }

    public CacheKey next(String instruction, String contentDigest) {
        return new CacheKey(hash(digest + "\n" + instruction + "\n" + (contentDigest == null ? "" : contentDigest)));
    }

    private static Digest hash(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
