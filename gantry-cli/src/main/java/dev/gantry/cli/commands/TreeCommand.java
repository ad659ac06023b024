package dev.gantry.cli.commands;

import dev.gantry.analysis.index.Change;
import dev.gantry.analysis.index.FileIndex;
import dev.gantry.analysis.index.PathEvent;
import dev.gantry.analysis.index.TreeTotals;
import dev.gantry.analysis.walk.EntryKind;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Permissions;
import dev.gantry.cli.output.Sizes;
import dev.gantry.cli.output.Table;
import dev.gantry.image.Image;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

@Command(name = "tree",
        description = {"Show the merged filesystem of an image with sizes and, for each path, the layer that last wrote it; "
                + "or, with --changes, what one layer added (A), modified (M), deleted (D) or hid under an opaque directory (H, O).",
                "Directory sizes are the file bytes visible below them. Layers are read once each, from any location."})
public final class TreeCommand extends IndexCommand {
    @Option(names = "--layer", paramLabel = "N", description = "the tree as it stands after layer N (0 = the base; negative counts from the top)")
    Integer layer;

    @Option(names = "--changes", description = "only the changes layer N (default: the last) made")
    boolean changes;

    record Row(String path, String kind, long size, String mode, long uid, long gid, int layer, String change,
               String linkTarget, String cause) {
    }

    @Override
    public Integer call() throws Exception {
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            FileIndex index = index(image, false);
            int n = layerIndex(layer, index);
            List<PathEvent> entries = changes ? index.changes(n) : index.tree(n);
            Map<String, Long> totals = changes ? Map.of() : TreeTotals.of(entries);
            List<Row> rows = entries.stream().map(e -> new Row(e.path(), e.kind().name().toLowerCase(java.util.Locale.ROOT),
                    e.kind() == EntryKind.DIR && !changes ? totals.getOrDefault(e.path(), 0L) : e.size(),
                    String.format("%04o", e.mode()), e.uid(), e.gid(), e.layer(), e.change().name(), e.linkTarget(),
                    e.cause())).toList();
            if (json) {
                Output.json(out(), rows);
                return 0;
            }
            Table table = changes ? new Table("", "MODE", "SIZE", "PATH") : new Table("MODE", "UID:GID", "SIZE", "LAYER", "PATH");
            for (Row r : rows) {
                String path = r.path() + (r.kind().equals("dir") ? "/" : "")
                        + (r.linkTarget() == null ? "" : (r.kind().equals("symlink") ? " -> " : " link to ") + r.linkTarget())
                        + (r.cause() == null ? "" : "  (under " + r.cause() + ")");
                if (changes) {
                    Change c = Change.valueOf(r.change());
                    table.row(letter(c), c.leavesPath() ? Permissions.of(r.kind(), r.mode()) : "-", Sizes.human(r.size()), path);
                } else {
                    table.row(Permissions.of(r.kind(), r.mode()), r.uid() + ":" + r.gid(), Sizes.human(r.size()),
                            r.layer() < 0 ? "-" : r.layer(), path);
                }
            }
            table.print(out());
        }
        return 0;
    }

    private static String letter(Change c) {
        return switch (c) {
            case ADDED -> "A";
            case MODIFIED -> "M";
            case DELETED, DELETED_WITH_PARENT -> "D";
            case HIDDEN_BY_OPAQUE -> "H";
            case MADE_OPAQUE -> "O";
        };
    }
}
