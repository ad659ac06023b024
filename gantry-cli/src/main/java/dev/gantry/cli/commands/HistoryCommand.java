package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.cli.output.Table;
import dev.gantry.image.Image;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(name = "history", description = "Show the steps that built an image, each with the layer it made (like `docker history`, oldest first).")
public final class HistoryCommand extends ImageCommand {
    @Option(names = "--no-trunc", description = "show whole commands")
    boolean noTrunc;

    record Step(int step, String created, String createdBy, String comment, boolean emptyLayer, Integer layer,
                String layerDigest, Long layerSize) {
    }

    @Override
    public Integer call() throws Exception {
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            List<Descriptor> layers = image.manifest().layers();
            List<Step> steps = new ArrayList<>();
            int layer = 0;
            int n = 0;
            for (ImageConfig.History h : image.config().history()) {
                boolean empty = h.isEmptyLayer();
                Descriptor d = !empty && layer < layers.size() ? layers.get(layer) : null;
                steps.add(new Step(n++, h.created(), h.createdBy(), h.comment(), empty, empty ? null : layer,
                        d == null ? null : d.digest().toString(), d == null ? null : d.size()));
                if (!empty) {
                    layer++;
                }
            }
            if (json) {
                Output.json(out(), steps);
                return 0;
            }
            Table table = new Table("STEP", "CREATED", "LAYER", "SIZE", "CREATED BY");
            for (Step s : steps) {
                String by = s.createdBy() == null ? (s.comment() == null ? "" : "# " + s.comment()) : s.createdBy();
                table.row(s.step(), s.created() == null ? "-" : s.created(),
                        s.layer() == null ? "-" : s.layer() + " " + s.layerDigest().substring(7, 19),
                        s.layerSize() == null ? "0 B" : Sizes.human(s.layerSize()),
                        noTrunc ? by.replace('\n', ' ') : InspectCommand.oneLine(by));
            }
            table.print(out());
            if (image.config().history().isEmpty()) {
                err().println("note: the config records no history");
                err().flush();
            }
        }
        return 0;
    }
}
