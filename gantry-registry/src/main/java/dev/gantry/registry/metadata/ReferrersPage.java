package dev.gantry.registry.metadata;

import dev.gantry.oci.Descriptor;

import java.util.List;

/**
 * One page of a subject's referrers.
 *
 * @param referrers the descriptors on the page
 * @param next      the cursor to pass for the next page, or null when this is the last
 */
public record ReferrersPage(List<Descriptor> referrers, String next) {
}
