package dev.gantry.runtime.apply;

import java.io.IOException;

/** A layer's uncompressed stream ran past its budget; an IOException so stream code passes it through. */
final class ExpansionLimitException extends IOException {
    ExpansionLimitException(long limit, long compressed) {
        super("uncompressed data exceeds the limit of " + limit + " bytes for a " + compressed
                + "-byte layer (a decompression bomb?); raise it with --max-expansion if the image is genuine");
    }
}
