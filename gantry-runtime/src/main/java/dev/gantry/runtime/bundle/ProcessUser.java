package dev.gantry.runtime.bundle;

import java.util.List;

/** runtime-spec's process.user: uid, gid and supplementary groups. */
public record ProcessUser(long uid, long gid, List<Long> additionalGids) {
}
