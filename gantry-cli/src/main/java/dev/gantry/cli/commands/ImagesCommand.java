package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.cli.output.Table;
import dev.gantry.runtime.store.StoreUsage;
import picocli.CommandLine.Command;

import java.util.Locale;

@Command(name = "images", description = {"List the images in Gantry's store with their disk use, as docker system df -v: "
        + "SIZE = stored layer blobs + unpacked snapshots; SHARED = the part in layers other images use too; UNIQUE = "
        + "the rest. The total counts every layer once."})
public final class ImagesCommand extends StoreCommand {
    @Override
    public Integer call() throws Exception {
        StoreUsage.Report report = StoreUsage.measure(store());
        if (json) {
            Output.json(out(), report);
            return 0;
        }
        Table table = new Table("NAME", "DIGEST", "LAYERS", "SIZE", "SHARED", "UNIQUE");
        for (StoreUsage.ImageUsage i : report.images()) {
            table.row(i.name(), shortHex(i.digest()), i.layers(), Sizes.human(i.size()), Sizes.human(i.shared()), Sizes.human(i.unique()));
        }
        table.print(out());
        out().printf(Locale.ROOT, "%d image(s), %d distinct layer(s), %s on disk (shared layers counted once)%n",
                report.images().size(), report.distinctLayers(), Sizes.human(report.totalBytes()));
        out().flush();
        return 0;
    }
}
