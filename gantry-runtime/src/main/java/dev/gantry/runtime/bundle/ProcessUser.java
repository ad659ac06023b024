package dev.gantry.runtime.bundle;

import java.util.List;

/**
 * runtime-spec's {@code process.user}: the numeric identity the container's process runs as.
 *
 * @param uid            the user id
 * @param gid            the primary group id
 * @param additionalGids supplementary group ids, without the primary one; empty for none
 */
public record ProcessUser(long uid, long gid, List<Long> additionalGids) {
}
