package dev.gantry.examples;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Layer;
import dev.gantry.image.PlatformSelector;
import dev.gantry.layer.EntryName;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.layer.LayerTarInputStream;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Prints one file as one layer of an image stores it, streaming that layer from wherever the
 * image is (a registry, a layout, an archive) without unpacking anything.
 *
 * <pre>ReadFile [--insecure] IMAGE LAYER PATH</pre>
 * LAYER counts from 0, the base layer.
 */
public final class ReadFile {
    private ReadFile() {
    }

    public static void main(String[] args) throws IOException {
        boolean insecure = args.length > 0 && args[0].equals("--insecure");
        List<String> rest = List.of(args).subList(insecure ? 1 : 0, args.length);
        if (rest.size() != 3) {
            System.err.println("usage: ReadFile [--insecure] IMAGE LAYER PATH");
            System.exit(2);
        }
        byte[] content = read(rest.get(0), Integer.parseInt(rest.get(1)), rest.get(2), new RemoteOptions(insecure, null));
        System.out.write(content);
        System.out.flush();
    }

    /** The content of the regular file {@code path} (e.g. "/etc/os-release") in layer {@code layerIndex} of {@code image}. */
    public static byte[] read(String image, int layerIndex, String path, RemoteOptions remote) throws IOException {
        String wanted = EntryName.normalise(path);
        try (ImageSource source = Transports.openSource(TransportRef.parse(image), remote)) {
            Image selected = PlatformSelector.select(Images.open(source), Platform.host());
            List<Layer> layers = selected.layers();
            if (layerIndex < 0 || layerIndex >= layers.size()) {
                throw new InvalidInputException(image + " has " + layers.size() + " layer(s); there is no layer " + layerIndex);
            }
            Layer layer = layers.get(layerIndex);
            byte[] content = null;
            // The tar reader Gantry's own commands use: names decoded and bounded, a bomb refused at its header.
            try (InputStream tar = layer.openUncompressed();
                 LayerTarInputStream entries = new LayerTarInputStream(tar, ExpansionLimits.defaults(),
                         ExpansionLimits.defaults().budget(layer.size()))) {
                for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                    if (content == null && entry.isFile() && EntryName.normalise(LayerTarInputStream.name(entry)).equals(wanted)) {
                        content = entries.readAllBytes();
                    }
                }
                // The layer's digest is checked when its stream ends, and a tar reader stops at the
                // archive's end marker: read the rest, so that nothing is returned unverified.
                tar.transferTo(OutputStream.nullOutputStream());
            }
            if (content == null) {
                throw new NotFoundException(path + " is not a file in layer " + layerIndex + " (" + layer.digest() + ") of " + image);
            }
            return content;
        }
    }
}
