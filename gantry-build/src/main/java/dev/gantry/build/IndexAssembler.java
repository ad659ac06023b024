package dev.gantry.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-platform index from single-platform images: each image is copied into the target,
 * and an index (OCI, or a Docker manifest list for Docker targets) lists them with the platform
 * their own configs declare. Two images of one platform are refused: a runtime would pick one
 * of them arbitrarily.
 */
public final class IndexAssembler {
    /** One image in the index: its source's description and the descriptor written. */
    public record Entry(String source, Descriptor manifest, Platform platform) {
    }

    public record Result(Descriptor index, List<Entry> entries) {
    }

    public Result assemble(List<ImageSource> sources, ImageTarget target) throws IOException {
        if (sources.isEmpty()) {
            throw new InvalidInputException("an index needs at least one image");
        }
        boolean docker = target.preferredFormat() == ManifestFormat.DOCKER;
        Map<String, Entry> byPlatform = new LinkedHashMap<>();
        for (ImageSource source : sources) {
            Artifact root = Images.open(source);
            if (!(root instanceof Image image)) {
                throw new InvalidInputException(source.describe() + " is already an index; name one platform's image "
                        + "(gantry copy --platform OS/ARCH) to put it in a new index");
            }
            Platform platform = image.config().platform();
            if (platform == null || platform.os() == null || platform.architecture() == null) {
                throw new InvalidInputException(source.describe() + ": its config names no os/architecture, so it cannot "
                        + "be placed in an index");
            }
            Entry previous = byPlatform.get(platform.toString());
            if (previous != null) {
                throw new InvalidInputException("both " + previous.source() + " and " + source.describe() + " are "
                        + platform + " images; an index holds one image per platform");
            }
            CopyOptions options = new CopyOptions(false, null, target.preferredFormat(), 3, CopyOptions.defaults().listener());
            Descriptor written = new ImageCopier(source, target, options).copyUnnamed();
            byPlatform.put(platform.toString(), new Entry(source.describe(), written, platform));
        }
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (Entry entry : byPlatform.values()) {
            ObjectNode m = manifests.addObject();
            m.put("mediaType", entry.manifest().mediaType());
            m.put("digest", entry.manifest().digest().toString());
            m.put("size", entry.manifest().size());
            ObjectNode p = m.putObject("platform");
            p.put("architecture", entry.platform().architecture());
            p.put("os", entry.platform().os());
            if (entry.platform().osVersion() != null) {
                p.put("os.version", entry.platform().osVersion());
            }
            if (entry.platform().variant() != null && !entry.platform().variant().isEmpty()) {
                p.put("variant", entry.platform().variant());
            }
        }
        byte[] raw = Json.write(index);
        Descriptor descriptor = new Descriptor(docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX,
                Digest.sha256(raw), raw.length);
        target.putManifest(descriptor, raw);
        target.setRoot(descriptor);
        target.commit();
        return new Result(descriptor, List.copyOf(byPlatform.values()));
    }
}
