package dev.gantry.transport.dir;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Descriptor;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.files.DirTreeWriter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Writes skopeo's {@code dir:} form. Blobs are placed as they arrive (temp file + rename);
 * manifests are kept until {@link #commit()}, which writes the ones an index names as
 * {@code HEX.manifest.json}, then {@code manifest.json} (the root) last, and then removes the
 * blobs, manifests and signatures of the image the directory held before: a {@code dir:} holds
 * one image, and containers/image empties it before writing. A directory that is not empty and
 * has no {@code version} file is refused rather than written into.
 */
public final class DirTarget implements ImageTarget {
    private final Path root;
    private final DirTreeWriter writer;
    private final String name;
    private final ManifestFormat format;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();
    private final Map<Digest, byte[]> manifests = new LinkedHashMap<>();
    private Descriptor rootDescriptor;

    /**
     * A target writing into {@code root}, created on the first write; the previous image's files go only on commit.
     *
     * @param root   the directory
     * @param name   how messages name it, e.g. {@code dir:/tmp/x}
     * @param format the manifest format to store ({@link ManifestFormat#ANY} keeps what is written)
     * @throws InvalidInputException when {@code root} is a file, or a non-empty directory that is not a {@code dir:} image
     * @throws IOException           when the directory cannot be read
     */
    public DirTarget(Path root, String name, ManifestFormat format) throws IOException {
        if (Files.isDirectory(root) && !Files.exists(root.resolve(DirLayout.VERSION_FILE)) && !isEmpty(root)) {
            throw new InvalidInputException(root + " is not empty and is not a dir: image (no version file); "
                    + "refusing to write into it (name an empty or new directory)");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new InvalidInputException(root + " exists and is not a directory; dir: writes a directory");
        }
        this.root = root;
        this.writer = new DirTreeWriter(root);
        this.name = name;
        this.format = format;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public ManifestFormat preferredFormat() {
        return format;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) throws IOException {
        String path = DirLayout.blobPath(descriptor.digest());
        boolean has = writer.exists(path);
        if (has) {
            kept.add(path);
        }
        return has;
    }

    @Override
    public void putBlob(Descriptor descriptor, InputStream content) throws IOException {
        putBlob(descriptor, 0, content);
    }

    @Override
    public long resumeOffset(Descriptor descriptor) throws IOException {
        return writer.kept(DirLayout.blobPath(descriptor.digest()));
    }

    @Override
    public void putBlob(Descriptor descriptor, long offset, InputStream rest) throws IOException {
        String path = DirLayout.blobPath(descriptor.digest());
        writer.writeBlob(path, descriptor, offset, rest, name);
        kept.add(path);
    }

    /** Kept in memory (manifests are small and bounded) until the root is known: only then is each one's file name. */
    @Override
    public synchronized void putManifest(Descriptor descriptor, byte[] raw) {
        if (!descriptor.digest().matches(raw)) {
            throw new InvalidInputException("manifest for " + name + " does not match its descriptor " + descriptor.digest());
        }
        manifests.put(descriptor.digest(), raw);
    }

    @Override
    public synchronized void setRoot(Descriptor descriptor) {
        this.rootDescriptor = descriptor;
    }

    @Override
    public synchronized void commit() throws IOException {
        if (rootDescriptor == null || !manifests.containsKey(rootDescriptor.digest())) {
            throw new IllegalStateException("commit of " + name + " without its root manifest");
        }
        write(DirLayout.VERSION_FILE, DirLayout.VERSION_CONTENT);
        for (Map.Entry<Digest, byte[]> m : manifests.entrySet()) {
            if (!m.getKey().equals(rootDescriptor.digest())) {
                write(DirLayout.manifestPath(m.getKey()), m.getValue());
            }
        }
        write(DirLayout.MANIFEST_FILE, manifests.get(rootDescriptor.digest()));
        removeStale();
        writer.commit();
    }

    private void write(String path, byte[] bytes) throws IOException {
        writer.write(path, bytes.length, new ByteArrayInputStream(bytes));
        kept.add(path);
    }

    /** The previous image's files: only names this transport owns, and never through a symlink (deleted as links). */
    private void removeStale() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String file = entry.getFileName().toString();
                if (DirLayout.isOwned(file) && !kept.contains(file)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
