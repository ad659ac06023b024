package dev.gantry.copy;

import dev.gantry.oci.Platform;
import dev.gantry.transport.ManifestFormat;

/**
 * How {@link ImageCopier} and {@link ImageWriter} copy.
 *
 * @param all      copy every platform of an index instead of picking one
 * @param platform the platform to pick from an index (null: this host's)
 * @param format   the manifest format to write (null: the target's preference)
 * @param jobs     how many blobs to copy at once
 * @param listener hears progress; {@link CopyListener#NONE} for none
 */
public record CopyOptions(boolean all, Platform platform, ManifestFormat format, int jobs, CopyListener listener) {
    /** {@return one platform (this host's), the target's format, 3 blobs at once, no listener} */
    public static CopyOptions defaults() {
        return new CopyOptions(false, null, null, 3, CopyListener.NONE);
    }
}
