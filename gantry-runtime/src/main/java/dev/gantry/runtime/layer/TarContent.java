package dev.gantry.runtime.layer;

import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.export.FilesystemTarWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * What becomes a layer: something that writes one complete tar stream (entries and the end
 * marker) to {@code out} and leaves {@code out} open. A directory is the usual source; a
 * container's changes (an overlay upper dir turned into whiteouts) are another.
 */
@FunctionalInterface
public interface TarContent {
    /**
     * Writes one complete tar stream, end marker included.
     *
     * @param out where the tar goes; left open
     * @throws IOException when the content cannot be read or {@code out} fails
     */
    void writeTo(OutputStream out) throws IOException;

    /**
     * The tree below {@code root}, written deterministically by {@link FilesystemTarWriter}, each file's
     * metadata as it is.
     *
     * @param root     the directory whose contents become the layer's root
     * @param warnings collects what cannot be exported
     * @return the content; the tree is read only when it is written
     */
    static TarContent directory(Path root, Warnings warnings) {
        return out -> new FilesystemTarWriter(warnings).write(root, out);
    }
}
