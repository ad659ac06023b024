package dev.gantry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Builds small real images at test time with the real tools, into a directory the test owns
 * (a JUnit {@code @TempDir}). Nothing here is written by Gantry, so reading these proves Gantry
 * reads what others write.
 *
 * <ul>
 *   <li>{@link #umociLayout}: an OCI layout made by umoci, tag {@link #TAG}, two gzip layers;
 *       the second deletes a file and a directory ({@code .wh.} whiteouts) and adds a file;
 *       config with entrypoint and env.</li>
 *   <li>{@link #dockerArchive} / {@link #ociArchive}: that layout converted by skopeo.</li>
 *   <li>{@link #handMadeArchive}: a `docker save`-shaped tar made "the way people learn it",
 *       with a gzipped base/layer.tar and no Entrypoint/Cmd, with a right or a wrong diff_id.</li>
 * </ul>
 */
public final class Fixtures {
    /** The tag umoci gives the layout's image, and skopeo the oci-archive's. */
    public static final String TAG = "t";
    /** The name:tag skopeo writes into the docker-archive's RepoTags. */
    public static final String DOCKER_NAME = "gantry/fixture:v1";
    /** The hand-made archive's RepoTag. */
    public static final String HAND_MADE_NAME = "hello:latest";
    public static final String HELLO = "hello from a hand-made image\n";
    public static final List<String> ENTRYPOINT = List.of("/bin/sh", "-c");
    public static final String ENV = "GANTRY_FIXTURE=1";

    private Fixtures() {
    }

    /**
     * umoci init/new/unpack, two repacks and config; returns the layout directory
     * ({@code dir/layout}), whose image is tagged {@link #TAG}.
     * Layer 1 adds etc/hello.txt, etc/bye.txt and data/sub/x; layer 2 deletes etc/bye.txt and
     * data/ (whiteouts etc/.wh.bye.txt and .wh.data) and adds etc/new.txt.
     */
    public static Path umociLayout(Path dir) {
        PeerTools.assumeInstalled("umoci");
        Path layout = dir.resolve("layout");
        Path bundle = dir.resolve("bundle");
        String image = layout + ":" + TAG;
        try {
            umoci(dir, "init", "--layout", layout.toString());
            umoci(dir, "new", "--image", image);
            umoci(dir, "unpack", "--image", image, bundle.toString());
            Path rootfs = bundle.resolve("rootfs");
            Files.createDirectories(rootfs.resolve("etc"));
            Files.createDirectories(rootfs.resolve("data/sub"));
            Files.writeString(rootfs.resolve("etc/hello.txt"), "hello\n");
            Files.writeString(rootfs.resolve("etc/bye.txt"), "bye\n");
            Files.writeString(rootfs.resolve("data/sub/x"), "deleted later\n");
            // --refresh-bundle: without it the next repack diffs against the original (empty)
            // unpack again and umoci writes one cumulative layer instead of a second one.
            umoci(dir, "repack", "--refresh-bundle", "--image", image, bundle.toString());
            Files.delete(rootfs.resolve("etc/bye.txt"));
            Files.delete(rootfs.resolve("data/sub/x"));
            Files.delete(rootfs.resolve("data/sub"));
            Files.delete(rootfs.resolve("data"));
            Files.writeString(rootfs.resolve("etc/new.txt"), "new\n");
            umoci(dir, "repack", "--image", image, bundle.toString());
            umoci(dir, "config", "--image", image, "--config.entrypoint", ENTRYPOINT.get(0),
                    "--config.entrypoint=" + ENTRYPOINT.get(1), "--config.env", ENV);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layout;
    }

    /** {@code skopeo copy oci:LAYOUT:t docker-archive:dir/X.tar:gantry/fixture:v1}; returns the archive. */
    public static Path dockerArchive(Path dir, Path layout) {
        Path archive = dir.resolve("X.tar");
        skopeo(dir, "copy", "oci:" + layout + ":" + TAG, "docker-archive:" + archive + ":" + DOCKER_NAME);
        return archive;
    }

    /** {@code skopeo copy oci:LAYOUT:t oci-archive:dir/Y.tar:t}; returns the archive. */
    public static Path ociArchive(Path dir, Path layout) {
        Path archive = dir.resolve("Y.tar");
        skopeo(dir, "copy", "oci:" + layout + ":" + TAG, "oci-archive:" + archive + ":" + TAG);
        return archive;
    }

    /**
     * The hand-made image folder: manifest.json naming config.json and base/layer.tar (made by
     * {@code tar -czf}, so gzipped despite its name), config.json with architecture, os and
     * rootfs but no Entrypoint or Cmd. {@code correctDiffId} chooses between the sha256 of the
     * uncompressed tar (right) and of the gzipped file (the usual mistake).
     */
    public static Path handMadeFolder(Path dir, boolean correctDiffId) {
        PeerTools.assumeInstalled("tar", "gzip");
        try {
            Path src = Files.createDirectories(dir.resolve("hand-src"));
            Path folder = Files.createDirectories(dir.resolve(correctDiffId ? "hand-right" : "hand-wrong"));
            Files.writeString(src.resolve("hello.txt"), HELLO);
            Files.createDirectories(folder.resolve("base"));
            Path layer = folder.resolve("base/layer.tar");
            PeerTools.run(src, "tar", "-czf", layer.toString(), "hello.txt");
            String diffId = correctDiffId ? sha256Uncompressed(layer) : sha256(layer);
            Files.writeString(folder.resolve("config.json"), """
                    {"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]}}
                    """.formatted(diffId).strip());
            writeManifestJson(folder, "config.json", "base/layer.tar");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #handMadeFolder} tarred with {@code tar -cf dir/NAME.tar -C folder .}. */
    public static Path handMadeArchive(Path dir, boolean correctDiffId) {
        Path folder = handMadeFolder(dir, correctDiffId);
        return tarFolder(folder, dir.resolve(folder.getFileName() + ".tar"));
    }

    /** Writes a one-image manifest.json naming {@code config} and {@code layers}, tagged {@link #HAND_MADE_NAME}. */
    public static void writeManifestJson(Path folder, String config, String... layers) throws IOException {
        List<String> quoted = new ArrayList<>();
        for (String layer : layers) {
            quoted.add("\"" + layer + "\"");
        }
        Files.writeString(folder.resolve("manifest.json"), "[{\"Config\":\"" + config + "\",\"RepoTags\":[\""
                + HAND_MADE_NAME + "\"],\"Layers\":[" + String.join(",", quoted) + "]}]");
    }

    /** {@code tar -cf TAR -C FOLDER .}; returns the tar. */
    public static Path tarFolder(Path folder, Path tar) {
        PeerTools.assumeInstalled("tar");
        PeerTools.run(folder.getParent(), "tar", "-cf", tar.toString(), "-C", folder.toString(), ".");
        return tar;
    }

    /** The tag {@link #multiPlatformLayout} gives its index. */
    public static final String MULTI_TAG = "multi";

    /**
     * A copy of a {@link #umociLayout} whose tag {@link #MULTI_TAG} names an index of two
     * images sharing umoci's layers: umoci's own (linux/amd64) and one whose config says
     * linux/arm64/v8. None of the peers here writes indexes (umoci cannot, skopeo only copies
     * them), so the index, the second manifest and config are written by this method, with
     * Jackson, never by Gantry. {@code docker} uses Docker schema2 types throughout (a manifest
     * list of schema2 manifests) instead of OCI ones. Returns the layout directory.
     */
    public static Path multiPlatformLayout(Path dir, Path umociLayout, boolean docker) {
        ObjectMapper json = new ObjectMapper();
        Path multi = dir.resolve(docker ? "multi-docker" : "multi-oci");
        try {
            copyTree(umociLayout, multi);
            JsonNode index = json.readTree(multi.resolve("index.json").toFile());
            String amd64 = index.path("manifests").get(0).path("digest").asText();
            ObjectNode manifest = (ObjectNode) json.readTree(blob(multi, amd64).toFile());
            ObjectNode config = (ObjectNode) json.readTree(blob(multi, manifest.path("config").path("digest").asText()).toFile());
            if (docker) {
                manifest.put("mediaType", "application/vnd.docker.distribution.manifest.v2+json");
                ((ObjectNode) manifest.get("config")).put("mediaType", "application/vnd.docker.container.image.v1+json");
                manifest.get("layers").forEach(l -> ((ObjectNode) l).put("mediaType",
                        "application/vnd.docker.image.rootfs.diff.tar.gzip"));
            }
            String manifestType = docker ? "application/vnd.docker.distribution.manifest.v2+json"
                    : "application/vnd.oci.image.manifest.v1+json";
            byte[] amd64Raw = json.writeValueAsBytes(manifest);
            config.put("architecture", "arm64").put("variant", "v8");
            byte[] armConfig = json.writeValueAsBytes(config);
            ((ObjectNode) manifest.get("config")).put("digest", store(multi, armConfig)).put("size", armConfig.length);
            byte[] armRaw = json.writeValueAsBytes(manifest);

            ObjectNode list = json.createObjectNode().put("schemaVersion", 2).put("mediaType", docker
                    ? "application/vnd.docker.distribution.manifest.list.v2+json" : "application/vnd.oci.image.index.v1+json");
            var manifests = list.putArray("manifests");
            manifests.addObject().put("mediaType", manifestType).put("digest", store(multi, amd64Raw)).put("size", amd64Raw.length)
                    .putObject("platform").put("architecture", "amd64").put("os", "linux");
            manifests.addObject().put("mediaType", manifestType).put("digest", store(multi, armRaw)).put("size", armRaw.length)
                    .putObject("platform").put("architecture", "arm64").put("os", "linux").put("variant", "v8");
            if (!docker) {
                list.putObject("annotations").put("org.example.built-by", "Fixtures.multiPlatformLayout");
            }
            byte[] listRaw = json.writeValueAsBytes(list);
            ObjectNode top = json.createObjectNode().put("schemaVersion", 2);
            top.putArray("manifests").addObject().put("mediaType", list.path("mediaType").asText())
                    .put("digest", store(multi, listRaw)).put("size", listRaw.length)
                    .putObject("annotations").put("org.opencontainers.image.ref.name", MULTI_TAG);
            json.writeValue(multi.resolve("index.json").toFile(), top);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return multi;
    }

    /** Copies a directory tree (a layout) file by file. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    /** The file of a blob in a layout. */
    public static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/" + digest.replace(':', '/'));
    }

    /** Stores bytes as a blob of a layout; returns their digest. */
    public static String store(Path layout, byte[] content) throws IOException {
        String digest = sha256(content);
        Files.write(blob(layout, digest), content);
        return digest;
    }

    /** {@code skopeo --insecure-policy ARGS...}: local transports need no signature policy. */
    public static PeerTools.Result skopeo(Path dir, String... args) {
        PeerTools.assumeInstalled("skopeo");
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return PeerTools.run(PeerTools.DEFAULT_TIMEOUT, dir, command);
    }

    /** {@code umoci ARGS...}, adding --rootless to unpack when not root (repack has no such flag). */
    public static PeerTools.Result umoci(Path dir, String... args) {
        PeerTools.assumeInstalled("umoci");
        List<String> command = new ArrayList<>(List.of("umoci"));
        command.addAll(List.of(args));
        if (!PeerTools.isRoot() && args[0].equals("unpack")) {
            command.add(2, "--rootless");
        }
        return PeerTools.run(PeerTools.DEFAULT_TIMEOUT, dir, command);
    }

    /** "sha256:" + the hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** "sha256:" + the hex SHA-256 of a gzip file's uncompressed bytes. */
    public static String sha256Uncompressed(Path gzipFile) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipFile))) {
            return sha256(in);
        }
    }

    public static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(hasher().digest(bytes));
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** "sha256:" + the hex SHA-256 of everything left in a stream (which is read to its end, not closed). */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest md = hasher();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** The names of a tar stream's entries, in order (the stream is read to the end of the tar, not closed). */
    public static List<String> tarEntryNames(InputStream tar) throws IOException {
        List<String> names = new ArrayList<>();
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            names.add(e.getName());
        }
        return names;
    }

    /** The content of one file in a tar stream, or null when it has none of that name. */
    public static byte[] tarEntry(InputStream tar, String name) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (e.getName().equals(name) || e.getName().equals("./" + name)) {
                return in.readAllBytes();
            }
        }
        return null;
    }

    private static MessageDigest hasher() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
