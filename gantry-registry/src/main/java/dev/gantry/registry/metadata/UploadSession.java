package dev.gantry.registry.metadata;

import java.time.Instant;
import java.util.Optional;

/**
 * An open upload session as the metadata store keeps it.
 *
 * @param startedAt when it began
 * @param hashState the running hash state last saved ({@link dev.gantry.digest.HashState#toBytes()}), if any
 */
public record UploadSession(Instant startedAt, Optional<byte[]> hashState) {
}
