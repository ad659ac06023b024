package dev.gantry.build.containerfile;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.EntryContext;
import dev.gantry.runtime.apply.LayerApplier;
import dev.gantry.runtime.apply.SafeRoot;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.export.FilesystemTarWriter.Placement;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ADD's local archives, unpacked as Docker does: a context file that is a tar (plain, gzip,
 * bzip2, xz or zstd) is extracted into the destination directory instead of copied. Extraction
 * goes through the runtime's {@link LayerApplier}, the rules layers are applied by: no entry
 * lands outside the extraction root ({@code ..}, absolute names and escaping symlinks are
 * refused) and the expanded size is capped. A file that is not a tar is copied as it is.
 */
final class AddArchives {
    private static final int TAR_MAGIC_OFFSET = 257;

    private AddArchives() {
    }

    /**
     * @param destination ADD's destination, relative to the image root and normalised
     * @param scratch     a directory of its own for the extracted trees
     */
    static List<Placement> extract(List<Placement> placements, String destination, Path scratch, Warnings warnings,
                                   String where) throws IOException {
        List<Placement> out = new ArrayList<>();
        int n = 0;
        for (Placement placement : placements) {
            Path file = placement.source();
            if (!Files.isRegularFile(file) || !isTar(file)) {
                out.add(placement);
                continue;
            }
            Path tree = Files.createDirectories(scratch.resolve("archive-" + (++n)));
            try (InputStream in = decompressed(file)) {
                LayerApplier applier = new LayerApplier(new SafeRoot(tree), ExpansionLimits.defaults(), warnings);
                EntryContext context = new EntryContext(Digest.sha256(file.toString().getBytes(StandardCharsets.UTF_8)), 0);
                applier.applyTar(in, context, ExpansionLimits.defaults().budget(Files.size(file)));
                applier.finish();
            } catch (IOException | RuntimeException e) {
                throw new InvalidInputException(where + ": ADD " + file.getFileName() + " cannot be extracted safely: "
                        + e.getMessage());
            }
            out.add(new Placement(tree, destination));
        }
        return out;
    }

    private static boolean isTar(Path file) throws IOException {
        try (InputStream in = decompressed(file)) {
            byte[] header = in.readNBytes(TAR_MAGIC_OFFSET + 5);
            return header.length == TAR_MAGIC_OFFSET + 5
                    && new String(header, TAR_MAGIC_OFFSET, 5, StandardCharsets.US_ASCII).equals("ustar");
        } catch (IOException e) {
            return false;
        }
    }

    /** The file's bytes, decompressed when they start with a gzip, bzip2, xz or zstd signature. */
    private static InputStream decompressed(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        String type;
        try {
            type = CompressorStreamFactory.detect(in);
        } catch (CompressorException notCompressed) {
            return in;
        }
        try {
            return new CompressorStreamFactory(true).createCompressorInputStream(type, in);
        } catch (CompressorException | LinkageError e) {
            in.close();
            throw new IOException(file.getFileName() + " is " + type + "-compressed, which this build cannot read ("
                    + e.getMessage() + ")", e);
        }
    }
}
