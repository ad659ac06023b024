/**
 * The registry's metadata seam: {@link dev.gantry.registry.metadata.MetadataStore} (repositories, blob and
 * manifest links, tags, referrers, upload sessions), whose implementation as files in the storage tree is
 * {@code dev.gantry.registry.content.TreeMetadataStore}, and {@link dev.gantry.registry.metadata.UploadSlots}, the
 * count of open upload sessions ({@link dev.gantry.registry.metadata.LocalUploadSlots}: per process). A store
 * in a database implements the same interfaces.
 */
package dev.gantry.registry.metadata;
