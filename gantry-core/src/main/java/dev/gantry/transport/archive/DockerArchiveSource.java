package dev.gantry.transport.archive;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestAlgorithm;
import dev.gantry.digest.DigestingInputStream;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.LimitExceededException;
import dev.gantry.error.NotFoundException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.layer.Compression;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.ImageIndex;
import dev.gantry.oci.ImageManifest;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.ref.Reference;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TagLister;
import dev.gantry.transport.files.FileTree;
import dev.gantry.transport.files.SafePaths;
import dev.gantry.transport.layout.LayoutSource;
import dev.gantry.transport.layout.OciLayout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads `docker save` archives. The newer form (Docker 25+) carries an OCI layout whose
 * manifests are used as they are, so digests survive; the legacy form has only manifest.json,
 * for which a Docker schema2 manifest is synthesised over the archive's files, exactly as
 * skopeo does (layer digests of uncompressed layer.tar files are their diff_ids, verified on read).
 */
public final class DockerArchiveSource implements ImageSource, TagLister {
    static final String MANIFEST_FILE = "manifest.json";

    private final FileTree tree;
    private final String name;
    private final List<DockerSaveEntry> entries;
    private final String selector;
    private Descriptor root;
    private byte[] synthesizedManifest;
    private final Map<Digest, String> pathsByDigest = new HashMap<>();

    /**
     * A source over a {@code docker save} archive; its manifest.json is read and checked now, the
     * image selected on first use.
     *
     * @param tree     the archive, read in place
     * @param name     how messages name it, e.g. "docker-archive:/tmp/x.tar"
     * @param selector "name:tag" matching a RepoTag, "@N" for the N-th image, or null for the only image
     * @throws dev.gantry.error.InvalidInputException when manifest.json is missing or malformed
     * @throws IOException                            when the archive cannot be read
     */
    @SuppressWarnings("exports") // file trees are core-internal: other modules open locations through Transports
    public DockerArchiveSource(FileTree tree, String name, String selector) throws IOException {
        this.tree = tree;
        this.name = name;
        this.entries = readManifestJson(tree);
        this.selector = selector;
    }

    /** Resolved on first use, so listing the tags of a many-image archive needs no selector. */
    @Override
    public synchronized Descriptor root() throws IOException {
        if (root == null) {
            root = resolve();
        }
        return root;
    }

    private Descriptor resolve() throws IOException {
        DockerSaveEntry entry = select(selector);
        String configPath = SafePaths.normalise(entry.config(), name + " manifest.json Config");
        Descriptor fromLayout = findInLayout(configPath);
        if (fromLayout != null) {
            return fromLayout;
        }
        synthesizedManifest = synthesize(entry, configPath);
        return new Descriptor(Manifests.parse(synthesizedManifest, null, name).mediaType(),
                Digest.sha256(synthesizedManifest), synthesizedManifest.length);
    }

    private static List<DockerSaveEntry> readManifestJson(FileTree tree) throws IOException {
        if (!tree.exists(MANIFEST_FILE)) {
            if (tree.exists(OciLayout.INDEX_FILE)) {
                throw new InvalidInputException(tree.describe() + " has no manifest.json but an index.json: it is an OCI archive, read it as oci-archive:" + tree.describe());
            }
            if (tree.exists("repositories")) {
                throw new UnsupportedFormatException(tree.describe() + " is a pre-1.10 `docker save` archive (no manifest.json); it is not supported");
            }
            throw new InvalidInputException(tree.describe() + " is not a docker-archive: it has no manifest.json");
        }
        String where = "manifest.json in " + tree.describe();
        byte[] raw = readJsonFile(tree, MANIFEST_FILE, Json.MAX_MANIFEST_BYTES, where);
        List<DockerSaveEntry> list;
        try {
            list = Json.mapper().readValue(raw, new TypeReference<List<DockerSaveEntry>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(where + " is not a list of {Config, RepoTags, Layers}: " + Json.problem(e, raw), e);
        }
        if (list == null || list.isEmpty()) {
            throw new InvalidInputException(where + " lists no images");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null || list.get(i).config() == null) {
                throw new InvalidInputException(where + ": image " + i + " has no Config");
            }
        }
        return list;
    }

    private DockerSaveEntry select(String selector) {
        if (selector == null || selector.isEmpty()) {
            if (entries.size() == 1) {
                return entries.get(0);
            }
            throw new NotFoundException(name + " holds " + entries.size() + " images; name one with :NAME:TAG or :@N ("
                    + String.join(", ", tags()) + ")");
        }
        if (selector.startsWith("@")) {
            int i;
            try {
                i = Integer.parseInt(selector.substring(1));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("invalid image index '" + selector + "' for " + name + ": use @0, @1, ...");
            }
            if (i < 0 || i >= entries.size()) {
                throw new NotFoundException(name + " has images @0..@" + (entries.size() - 1) + "; there is no " + selector);
            }
            return entries.get(i);
        }
        Reference wanted = Reference.parse(selector);
        for (DockerSaveEntry e : entries) {
            for (String tag : e.repoTags()) {
                if (Reference.parse(tag).toString().equals(wanted.toString())) {
                    return e;
                }
            }
        }
        throw new NotFoundException("'" + selector + "' not found in " + name + "; it has: " + String.join(", ", tags()));
    }

    /** Reads a JSON file of the archive, refusing one over {@code limit} by its size before reading any of it. */
    private static byte[] readJsonFile(FileTree tree, String path, int limit, String what) throws IOException {
        long size = tree.size(path);
        if (size > limit) {
            throw new LimitExceededException(what + " is " + size + " bytes, over the " + Json.describeSize(limit)
                    + " limit for JSON documents");
        }
        try (InputStream in = tree.open(path)) {
            return Json.readBounded(in, limit, what);
        }
    }

    /** Newer archives: the config path is a layout blob; use the layout's own manifest for it. */
    private Descriptor findInLayout(String configPath) throws IOException {
        if (!configPath.startsWith("blobs/") || !OciLayout.isLayout(tree)) {
            return null;
        }
        ImageIndex index = OciLayout.readIndex(tree);
        // Read the layout's manifests through a plain layout view: this source's own openBlob
        // resolves the root first, which is what is being done here (it recursed until the stack overflowed).
        LayoutSource layout = new LayoutSource(tree, name, null);
        return findManifestWithConfig(layout, index.manifests(), configPath, 0);
    }

    private Descriptor findManifestWithConfig(LayoutSource layout, List<Descriptor> candidates, String configPath, int depth)
            throws IOException {
        if (depth > 4) {
            return null;
        }
        for (Descriptor d : candidates) {
            if (!MediaTypes.isManifest(d.mediaType()) || !tree.exists(OciLayout.blobPath(d.digest()))) {
                continue;
            }
            ParsedManifest parsed = Manifests.parse(layout.readManifest(d), d.mediaType(), name + " " + d.digest());
            if (parsed.isIndex()) {
                Descriptor found = findManifestWithConfig(layout, parsed.index().manifests(), configPath, depth + 1);
                if (found != null) {
                    return found;
                }
            } else if (OciLayout.blobPath(parsed.manifest().config().digest()).equals(configPath)) {
                return d;
            }
        }
        return null;
    }

    private byte[] synthesize(DockerSaveEntry entry, String configPath) throws IOException {
        if (!tree.exists(configPath)) {
            throw new NotFoundException(name + ": manifest.json names config " + configPath + ", which the archive does not contain");
        }
        byte[] config = readJsonFile(tree, configPath, Json.MAX_CONFIG_BYTES, "config " + configPath + " in " + name);
        Digest configDigest = Digest.sha256(config);
        pathsByDigest.put(configDigest, configPath);
        List<Digest> diffIds = Json.parse(config, ImageConfig.class, "config " + configPath + " in " + name).diffIds();
        List<Descriptor> layers = new ArrayList<>();
        boolean zstd = false;
        for (int i = 0; i < entry.layers().size(); i++) {
            String path = SafePaths.normalise(entry.layers().get(i), name + " manifest.json Layers[" + i + "]");
            long size = tree.size(path);
            if (size < 0) {
                throw new NotFoundException(name + ": manifest.json names layer " + path + ", which the archive does not contain");
            }
            Compression compression;
            try (InputStream in = new java.io.BufferedInputStream(tree.open(path), 16)) {
                compression = Compression.detect(in);
            }
            Digest digest = OciLayout.digestOfBlobPath(path);
            if (compression == Compression.NONE && i < diffIds.size()) {
                // An uncompressed layer's digest is its diff_id; reading it verifies the claim.
                digest = diffIds.get(i);
            } else if (digest == null) {
                try (DigestingInputStream in = new DigestingInputStream(tree.open(path), DigestAlgorithm.SHA256)) {
                    digest = in.drain().digest();
                }
            }
            zstd |= compression == Compression.ZSTD;
            String mediaType = switch (compression) {
                case NONE -> MediaTypes.DOCKER_LAYER;
                case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
                case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            };
            pathsByDigest.putIfAbsent(digest, path);
            layers.add(new Descriptor(mediaType, digest, size));
        }
        // Docker schema2 cannot name zstd layers; such an archive is described with OCI types.
        ImageManifest manifest = zstd
                ? new ImageManifest(2, MediaTypes.OCI_MANIFEST, null, new Descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length),
                        layers.stream().map(d -> d.withMediaType(MediaTypes.toOci(d.mediaType()))).toList(), null, null)
                : new ImageManifest(2, MediaTypes.DOCKER_MANIFEST, null, new Descriptor(MediaTypes.DOCKER_CONFIG, configDigest, config.length),
                        layers, null, null);
        return Json.write(manifest);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).repoTags().isEmpty()) {
                tags.add("@" + i);
            }
            tags.addAll(entries.get(i).repoTags());
        }
        return tags;
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        Descriptor resolved = root();
        byte[] synthesized;
        synchronized (this) {
            synthesized = synthesizedManifest;
        }
        if (synthesized != null && descriptor.digest().equals(resolved.digest())) {
            return new ByteArrayInputStream(synthesized);
        }
        String path = locate(descriptor);
        if (!tree.exists(path)) {
            throw new NotFoundException("blob " + descriptor.digest() + " (" + descriptor.mediaType() + ") is missing from "
                    + name + ": no file " + path);
        }
        return tree.open(path);
    }

    @Override
    public String locate(Descriptor descriptor) {
        String path = pathsByDigest.get(descriptor.digest());
        return path != null ? path : OciLayout.blobPath(descriptor.digest());
    }

    @Override
    public void close() throws IOException {
        tree.close();
    }
}
