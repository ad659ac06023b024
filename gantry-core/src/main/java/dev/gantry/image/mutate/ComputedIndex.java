package dev.gantry.image.mutate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Artifact;
import dev.gantry.image.Index;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Platform;

import java.io.IOException;
import java.util.List;

/**
 * An OCI index over image or index values, each with its platform. As with
 * {@link EditedImage}, nothing is computed until asked: the children's descriptors (and so
 * their digests) are read when the index's own bytes are first needed.
 */
final class ComputedIndex implements Index {
    private final List<Mutate.IndexEntry> entries;
    private byte[] raw;
    private Descriptor descriptor;
    private ImageIndex manifest;

    ComputedIndex(List<Mutate.IndexEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    @Override
    public synchronized byte[] rawManifest() throws IOException {
        if (raw == null) {
            ObjectNode index = Json.mapper().createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
            ArrayNode manifests = index.putArray("manifests");
            for (Mutate.IndexEntry entry : entries) {
                Descriptor child = entry.artifact().descriptor();
                ObjectNode node = manifests.addObject();
                node.put("mediaType", child.mediaType());
                node.put("digest", child.digest().toString());
                node.put("size", child.size());
                if (entry.platform() != null) {
                    platform(node.putObject("platform"), entry.platform());
                }
            }
            raw = Json.write(index);
            descriptor = new Descriptor(MediaTypes.OCI_INDEX, Digest.sha256(raw), raw.length);
            manifest = Manifests.parse(raw, MediaTypes.OCI_INDEX, "computed index " + descriptor.digest()).index();
        }
        return raw.clone();
    }

    private static void platform(ObjectNode node, Platform platform) {
        node.put("architecture", platform.architecture());
        node.put("os", platform.os());
        if (platform.osVersion() != null) {
            node.put("os.version", platform.osVersion());
        }
        if (platform.variant() != null && !platform.variant().isEmpty()) {
            node.put("variant", platform.variant());
        }
    }

    @Override
    public synchronized Descriptor descriptor() throws IOException {
        rawManifest();
        return descriptor;
    }

    @Override
    public synchronized ImageIndex manifest() throws IOException {
        rawManifest();
        return manifest;
    }

    @Override
    public Artifact child(Descriptor child) throws IOException {
        for (Mutate.IndexEntry entry : entries) {
            if (entry.artifact().descriptor().digest().equals(child.digest())) {
                return entry.artifact();
            }
        }
        throw new NotFoundException("manifest " + child.digest() + " is not in computed index " + descriptor().digest());
    }
}
