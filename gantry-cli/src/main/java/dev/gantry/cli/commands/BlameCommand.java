package dev.gantry.cli.commands;

import dev.gantry.analysis.index.Change;
import dev.gantry.analysis.index.FileIndex;
import dev.gantry.analysis.index.LayerStats;
import dev.gantry.analysis.index.PathEvent;
import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.cli.output.Table;
import dev.gantry.image.Image;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

@Command(name = "blame",
        description = {"Show every layer that added, changed, deleted or hid PATH, with the build step (created_by) "
                + "that made each layer and the content digest written. Works for paths deleted from the final image "
                + "(their bytes are still in the lower layer).",
                "Exit 1 when no layer mentions PATH."})
public final class BlameCommand extends IndexCommand {
    @Parameters(index = "1", paramLabel = "PATH", description = "a path in the image, e.g. /etc/passwd")
    String path;

    record Step(int layer, String layerDigest, String createdBy, String change, String kind, long size, String mode,
                long uid, long gid, String linkTarget, String digest, String cause) {
    }

    record Result(String path, boolean visible, List<Step> steps) {
    }

    @Override
    public Integer call() throws Exception {
        Result result;
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            FileIndex index = index(image, true);
            List<LayerStats> layers = index.layers();
            List<Step> steps = new ArrayList<>();
            for (PathEvent e : index.history(path)) {
                steps.add(step(e, layers.get(e.layer())));
            }
            result = new Result(FileIndex.normalise(path), index.visible(path), steps);
        }
        if (json) {
            Output.json(out(), result);
        } else if (!result.steps().isEmpty()) {
            Table table = new Table("LAYER", "CHANGE", "SIZE", "MODE", "CONTENT", "CREATED BY");
            for (Step s : result.steps()) {
                table.row(s.layer() + " " + s.layerDigest().substring(7, 19),
                        s.change().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + (s.cause() == null ? "" : " " + s.cause()),
                        Sizes.human(s.size()), Change.valueOf(s.change()).leavesPath() ? s.mode() : "-", s.digest() == null ? (s.linkTarget() == null ? "-" : "-> " + s.linkTarget())
                                : s.digest().substring(7, 19), s.createdBy() == null ? "-" : InspectCommand.oneLine(s.createdBy()));
            }
            table.print(out());
            List<Integer> written = result.steps().stream()
                    .filter(s -> s.kind().equals("file") && (s.change().equals("ADDED") || s.change().equals("MODIFIED")))
                    .map(Step::layer).toList();
            out().println("/" + result.path() + (result.visible() ? " is in the final image"
                    : " is not in the final image" + (written.isEmpty() ? ""
                    : "; its content is still stored in layer(s) " + written + " and can be extracted from them")));
            out().flush();
        }
        if (result.steps().isEmpty()) {
            err().println("gantry: no layer of " + ref + " mentions /" + result.path());
            err().flush();
            return Main.EXIT_CHECK_FAILED;
        }
        return Main.EXIT_OK;
    }

    private static Step step(PathEvent e, LayerStats layer) throws IOException {
        return new Step(e.layer(), layer.layer().layer().digest().toString(), layer.layer().createdBy(), e.change().name(),
                e.kind().name().toLowerCase(java.util.Locale.ROOT), e.size(), String.format("%04o", e.mode()), e.uid(), e.gid(),
                e.linkTarget(), e.digest() == null ? null : e.digest().toString(), e.cause());
    }
}
