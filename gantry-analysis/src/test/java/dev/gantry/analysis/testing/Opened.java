package dev.gantry.analysis.testing;

import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;

import java.io.IOException;
import java.nio.file.Path;

/** An open image over a layout's {@link Fixtures#TAG}; close it when done. */
public record Opened(ImageSource source, Image image) implements AutoCloseable {
    public static Opened of(Path layout) throws IOException {
        ImageSource source = Transports.openSource(TransportRef.parse("oci:" + layout + ":" + Fixtures.TAG));
        return new Opened(source, (Image) Images.open(source));
    }

    /** The stored blob of layer {@code index} of the layout's image. */
    public static Path layerBlob(Path layout, int index) throws IOException {
        try (Opened opened = of(layout)) {
            return Fixtures.blob(layout, opened.image().layers().get(index).digest().toString());
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
