package dev.gantry.registry.scrub;

import java.util.List;

/**
 * What a scrub looked at and found. {@code problems} make the store unhealthy; {@code notes}
 * are worth knowing but allowed (a referrer whose subject is absent). {@code quarantine} is the
 * storage key of this run's quarantine folder, or null when nothing was moved.
 */
public record ScrubReport(long blobs, long bytes, int repositories, int manifests, int tags,
                          List<ScrubProblem> problems, List<ScrubProblem> notes, String quarantine) {
    public boolean clean() {
        return problems.isEmpty();
    }
}
