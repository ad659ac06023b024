package dev.gantry.build.containerfile;

import dev.gantry.digest.Digest;

import java.nio.charset.StandardCharsets;

/**
 * A step's cache key: the parent step's key, the instruction as expanded, and the content digest of what it
 * reads (the diff_id of the tar COPY would write), chained by SHA-256. File times do not enter it (the tar is
 * written with fixed times), so touching a file keeps the cache.
 *
 * @param digest the key, also the name of its {@link LayerCache} entry
 */
public record CacheKey(Digest digest) {
    /**
     * The key a stage starts from.
     *
     * @param baseDescription what the stage builds on: the base image's manifest digest, or "scratch" and the
     *                        platform (a stage built on another stage continues that stage's key)
     * @return the key
     */
    public static CacheKey base(String baseDescription) {
        return new CacheKey(hash("base\n" + baseDescription));
    }

    /**
     * The key of the step after this one.
     *
     * @param instruction   the instruction as expanded, flags included
     * @param contentDigest whatever else decides the step's result: the digest of what it reads (or the build
     *                      arguments in scope), or null for nothing
     * @return the key
     */
    public CacheKey next(String instruction, String contentDigest) {
        return new CacheKey(hash(digest + "\n" + instruction + "\n" + (contentDigest == null ? "" : contentDigest)));
    }

    private static Digest hash(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
