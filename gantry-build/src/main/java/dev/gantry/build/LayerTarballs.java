package dev.gantry.build;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Layer;
import dev.gantry.image.Layers;
import dev.gantry.layer.Compression;
import dev.gantry.layer.EntryName;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.layer.LayerTarInputStream;
import dev.gantry.transport.ManifestFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Layer tarballs added to an image as they are (crane append, {@code gantry append}): the file's
 * bytes become the layer, compressed or not. It is read once first through core's layer rules,
 * so that what is appended is a tar whose names all stay inside the root: an image made here is
 * never the hostile one.
 */
final class LayerTarballs {
    private LayerTarballs() {
    }

    static Layer open(Path file, ManifestFormat format) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("layer tarball " + file + " does not exist or is not a file");
        }
        Compression compression;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            compression = Compression.detect(in);
        }
        if (compression == Compression.ZSTD && format == ManifestFormat.DOCKER) {
            throw new InvalidInputException("layer tarball " + file + " is zstd-compressed, which Docker schema2 manifests "
                    + "cannot name; write an OCI image (-f oci) or append a gzip or plain tar");
        }
        ExpansionLimits limits = ExpansionLimits.defaults();
        int entries = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             LayerTarInputStream tar = new LayerTarInputStream(Compression.autoDecompress(raw), limits,
                     limits.budget(Files.size(file)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; entries++) {
                String name = LayerTarInputStream.name(entry);
                String problem = EntryName.problem(name);
                if (problem == null && entry.isLink()) {
                    problem = EntryName.problem(LayerTarInputStream.linkName(entry));
                    problem = problem == null ? null : "links to a name that " + problem;
                }
                if (problem != null) {
                    throw new InvalidInputException("layer tarball " + file + ": entry '" + name + "' " + problem);
                }
            }
        } catch (IOException notTar) {
            throw new InvalidInputException("layer tarball " + file + " is not a readable tar archive: " + notTar.getMessage());
        }
        if (entries == 0) {
            throw new InvalidInputException("layer tarball " + file + " holds no entries (is it a tar archive?)");
        }
        return Layers.fromFile(file);
    }
}
