package dev.gantry.validate;

import dev.gantry.digest.Digest;

/**
 * What validation measured for one layer blob, beside what its descriptor and config claim.
 *
 * @param digest       the digest the manifest names
 * @param size         the size the manifest names
 * @param actualDigest the digest of the stored bytes
 * @param actualSize   how many stored bytes there were
 * @param diffId       the diff_id the config names, or null when it names none
 * @param actualDiffId the digest of the uncompressed tar (null in fast mode or when it could not be read)
 * @param uncompressed uncompressed size in bytes (-1 when not measured)
 * @param entries      tar entries seen (-1 when not measured)
 */
public record LayerCheck(Digest digest, long size, Digest actualDigest, long actualSize, Digest diffId,
                         Digest actualDiffId, long uncompressed, long entries) {
}
