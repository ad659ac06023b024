package dev.gantry.image;

import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.ImageManifest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A single-platform image: a manifest, its config and its ordered layers, read lazily. Accessors
 * that may read declare {@link IOException}: a source image fetches its config on first use, a
 * computed one measures its layers.
 */
public non-sealed interface Image extends Artifact {
    /**
     * {@return the image manifest}
     *
     * @throws IOException when a computed image cannot read a part its manifest depends on
     */
    ImageManifest manifest() throws IOException;

    /**
     * {@return the config blob's descriptor}
     *
     * @throws IOException when a computed image cannot read its parent's config
     */
    default Descriptor configDescriptor() throws IOException {
        return manifest().config();
    }

    /**
     * {@return the config's exact bytes (a copy), verified against the manifest's config descriptor}
     * Read once, on first use, and bounded to {@link dev.gantry.oci.Json#MAX_CONFIG_BYTES}.
     *
     * @throws dev.gantry.error.DigestMismatchException when the stored config is not what the manifest names
     * @throws IOException                              when it cannot be read
     */
    byte[] rawConfig() throws IOException;

    /**
     * {@return the config parsed, for reading its fields; the raw bytes are what writers use}
     *
     * @throws dev.gantry.error.InvalidInputException when the config is not valid JSON for a config
     * @throws IOException                            when it cannot be read
     */
    ImageConfig config() throws IOException;

    /**
     * {@return the layers in manifest order, each paired with its diff_id from the config}
     * Nothing of a layer is read until it is opened.
     *
     * @throws IOException when the config (holding the diff_ids) cannot be read
     */
    List<Layer> layers() throws IOException;

    /**
     * The stored bytes of this image's config or one of its layers, from byte {@code offset} on,
     * for a writer: unverified, like {@link dev.gantry.transport.ImageSource#openBlob}, because
     * the target verifies what it stores (an {@code ImageTarget} hashes while writing). Reading
     * through this never fetches the config when only a layer is asked for, so a copy whose
     * target holds everything reads nothing.
     *
     * @param blob   the config's or a layer's descriptor, as this image's manifest names it
     * @param offset how many bytes to skip, to resume an interrupted copy
     * @return the stored bytes from {@code offset}; the caller closes it
     * @throws dev.gantry.error.NotFoundException when the blob is not part of this image
     * @throws IOException                        when it cannot be opened
     */
    InputStream openBlob(Descriptor blob, long offset) throws IOException;
}
