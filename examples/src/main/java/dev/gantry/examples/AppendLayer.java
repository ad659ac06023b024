package dev.gantry.examples;

import dev.gantry.copy.ImageWriter;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Layers;
import dev.gantry.image.PlatformSelector;
import dev.gantry.image.mutate.Addendum;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Platform;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.export.FilesystemTarWriter;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.runtime.layer.LayerWriter;
import dev.gantry.runtime.layer.WrittenLayer;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Adds one layer to an image and writes the result to an OCI layout: the files of a directory
 * (packed into a gzip layer), or a layer tarball stored as it is.
 *
 * <pre>AppendLayer [--insecure] IMAGE DIRECTORY|TARBALL oci:LAYOUT:TAG</pre>
 * A directory's files go under {@code /app} in the image.
 */
public final class AppendLayer {
    private AppendLayer() {
    }

    public static void main(String[] args) throws IOException {
        boolean insecure = args.length > 0 && args[0].equals("--insecure");
        List<String> rest = List.of(args).subList(insecure ? 1 : 0, args.length);
        if (rest.size() != 3) {
            System.err.println("usage: AppendLayer [--insecure] IMAGE DIRECTORY|TARBALL oci:LAYOUT:TAG");
            System.exit(2);
        }
        RemoteOptions remote = new RemoteOptions(insecure, null);
        Path layer = Path.of(rest.get(1));
        ImageWriter.Written written = Files.isDirectory(layer)
                ? appendDirectory(rest.get(0), layer, "app", rest.get(2), remote)
                : appendTarball(rest.get(0), layer, rest.get(2), remote);
        System.out.println(written.manifest().digest());
    }

    /**
     * {@code from}'s image (this machine's platform, if {@code from} is an index) with the files
     * under {@code directory} added at {@code /destination}, written to {@code to}.
     */
    public static ImageWriter.Written appendDirectory(String from, Path directory, String destination, String to,
                                                      RemoteOptions remote) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), remote);
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), ManifestFormat.OCI, remote)) {
            Image base = PlatformSelector.select(Images.open(source), Platform.host());
            // One pass: the tar is hashed (its diff_id) on its way into gzip, the blob on its way to the file.
            LayerWriter writer = new LayerWriter(LayerCompression.defaults(), ManifestFormat.OCI);
            WrittenLayer layer = writer.write(
                    out -> new FilesystemTarWriter(new Warnings(System.err::println)).write(directory, destination, out),
                    Path.of(System.getProperty("java.io.tmpdir")));
            try {
                Image image = Mutate.append(base, List.of(
                        Addendum.of(layer, null, "COPY " + directory.getFileName() + " /" + destination, null)));
                return ImageWriter.writeImage(image, target);
            } finally {
                Files.deleteIfExists(layer.file());
            }
        }
    }

    /** {@code from}'s image with a layer tarball (tar, tar.gz or tar.zst) added byte for byte, written to {@code to}. */
    public static ImageWriter.Written appendTarball(String from, Path tarball, String to, RemoteOptions remote)
            throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), remote);
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), ManifestFormat.OCI, remote)) {
            Image base = PlatformSelector.select(Images.open(source), Platform.host());
            // The layer's digest and diff_id are measured when the writer first asks for them.
            Image image = Mutate.append(base, Layers.fromFile(tarball));
            return ImageWriter.writeImage(image, target);
        }
    }
}
