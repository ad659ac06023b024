package dev.gantry.registry.content;

import dev.gantry.digest.Digest;

import java.util.List;

/** What a manifest push did: its digest, the subject it refers to (or null), and the tags now pointing at it. */
public record PutManifestResult(Digest digest, Digest subject, List<String> tags) {
}
