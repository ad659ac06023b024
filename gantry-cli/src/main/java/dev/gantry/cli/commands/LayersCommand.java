package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.cli.output.Table;
import dev.gantry.image.Image;
import dev.gantry.image.Layer;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

@Command(name = "layers", description = "List an image's layers: digest, media type, stored size and diff_id.")
public final class LayersCommand extends ImageCommand {
    record LayerRow(int index, String digest, String mediaType, long size, String diffId) {
    }

    @Override
    public Integer call() throws Exception {
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            List<LayerRow> rows = new ArrayList<>();
            List<Layer> layers = image.layers();
            for (int i = 0; i < layers.size(); i++) {
                Layer l = layers.get(i);
                rows.add(new LayerRow(i, l.digest().toString(), l.mediaType(), l.size(), l.diffId() == null ? null : l.diffId().toString()));
            }
            if (json) {
                Output.json(out(), rows);
                return 0;
            }
            Table table = new Table("#", "DIGEST", "SIZE", "MEDIA TYPE", "DIFF_ID");
            for (LayerRow r : rows) {
                table.row(r.index(), r.digest(), Sizes.human(r.size()), r.mediaType(), r.diffId() == null ? "-" : r.diffId());
            }
            table.print(out());
        }
        return 0;
    }
}
