package dev.gantry.image;

import dev.gantry.digest.Digest;
import dev.gantry.digest.DigestAlgorithm;
import dev.gantry.digest.DigestingInputStream;
import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.layer.Compression;
import dev.gantry.oci.Descriptor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A layer blob in a local file (a tar, or a gzip/zstd-compressed tar, stored as it is). Its
 * digest, size and diff_id are either given (a writer that hashed while writing) or computed
 * on first use, in one streaming pass that hashes the stored bytes while inflating and hashes
 * the tar: nothing is read before the layer is asked about, and nothing is held in memory.
 * Reads are verified against the digest, so a file changed after it was measured is refused.
 */
final class FileLayer implements Layer {
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private Descriptor descriptor;
    private Digest diffId;

    FileLayer(Path file, Descriptor descriptor, Digest diffId) {
        this.file = file;
        this.descriptor = descriptor;
        this.diffId = diffId;
    }

    @Override
    public synchronized Descriptor descriptor() throws IOException {
        measure();
        return descriptor;
    }

    @Override
    public synchronized Digest diffId() throws IOException {
        measure();
        return diffId;
    }

    /** True once the digests are known (given, or computed by a first use); for tests of laziness. */
    synchronized boolean measured() {
        return descriptor != null;
    }

    private void measure() throws IOException {
        if (descriptor != null) {
            return;
        }
        try (DigestingInputStream stored = new DigestingInputStream(Files.newInputStream(file), DigestAlgorithm.SHA256)) {
            BufferedInputStream buffered = new BufferedInputStream(stored, BUFFER);
            Compression compression = Compression.detect(buffered);
            DigestingInputStream tar = new DigestingInputStream(compression.decompress(buffered), DigestAlgorithm.SHA256);
            tar.transferTo(OutputStream.nullOutputStream());
            buffered.transferTo(OutputStream.nullOutputStream()); // a decompressor may stop before trailing bytes
            descriptor = new Descriptor(compression.ociLayerType(), stored.digest(), stored.count());
            diffId = tar.digest();
        } catch (FileSystemException e) {
            throw e; // names the file already (missing, unreadable), and callers may tell these kinds apart
        } catch (IOException e) {
            throw new IOException("layer file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream openCompressed() throws IOException {
        Descriptor d = descriptor();
        return new VerifyingInputStream(Files.newInputStream(file), d.digest(), d.size(), what());
    }

    @Override
    public InputStream openUncompressed() throws IOException {
        return VerifiedAtEnd.decompress(openCompressed(), what());
    }

    private String what() {
        return "layer file " + file;
    }

    @Override
    public String toString() {
        return what();
    }
}
