package dev.gantry.runtime.apply;

import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.testing.TestImages;
import dev.gantry.runtime.testing.TestImages.LayerBlob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes layers as a layout under {@code work} and unpacks them into {@code work/root}. */
final class UnpackSupport {
    final List<String> live = new ArrayList<>();
    Warnings warnings = new Warnings(live::add);
    ExpansionLimits options = ExpansionLimits.defaults();

    ImageUnpacker.Result unpack(Path work, LayerBlob... layers) {
        Path layout = TestImages.layout(work.resolve("layout"), List.of(layers));
        try (TestImages.Opened opened = TestImages.open(layout)) {
            return new ImageUnpacker(options, warnings).unpack(opened.image(), work.resolve("root"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
