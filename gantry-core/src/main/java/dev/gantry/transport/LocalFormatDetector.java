package dev.gantry.transport;

import dev.gantry.error.InvalidInputException;
import dev.gantry.transport.dir.DirLayout;
import dev.gantry.transport.files.TarTree;
import dev.gantry.transport.layout.OciLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells which local format a bare path holds, from its contents rather than its name. */
final class LocalFormatDetector {
    private LocalFormatDetector() {
    }

    static TransportRef.Kind detect(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(OciLayout.LAYOUT_FILE))) {
                return TransportRef.Kind.OCI;
            }
            if (Files.isRegularFile(path.resolve(DirLayout.VERSION_FILE)) && Files.isRegularFile(path.resolve(DirLayout.MANIFEST_FILE))) {
                return TransportRef.Kind.DIR;
            }
            throw new InvalidInputException(path + " is a directory but neither an OCI layout (no oci-layout file) nor a dir: image "
                    + "(no version and manifest.json)");
        }
        try (TarTree tree = new TarTree(path)) {
            if (tree.exists("manifest.json")) {
                return TransportRef.Kind.DOCKER_ARCHIVE;
            }
            if (tree.exists(OciLayout.LAYOUT_FILE)) {
                return TransportRef.Kind.OCI_ARCHIVE;
            }
        }
        throw new InvalidInputException(path + " is neither a docker-archive (no manifest.json) nor an oci-archive (no oci-layout)");
    }
}
