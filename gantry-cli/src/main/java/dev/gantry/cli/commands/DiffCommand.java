package dev.gantry.cli.commands;

import dev.gantry.analysis.diff.ConfigChange;
import dev.gantry.analysis.diff.FileChange;
import dev.gantry.analysis.diff.ImageDiff;
import dev.gantry.analysis.index.FileIndex;
import dev.gantry.analysis.index.IndexOptions;
import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.image.Image;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

@Command(name = "diff",
        description = {"Compare two images: config (env, entrypoint, cmd, user, workdir, labels, ports, volumes...), "
                + "files of the final filesystems (added +, removed -, changed ~ with size deltas; content compared by sha256) "
                + "and the layers they share by digest.",
                "--vulns compares the two images' vulnerability findings instead (gantry vulns, with its --db, --vex and "
                        + "ignore file): those B fixed, those B introduced, and how many both have.",
                "Exit 0 when config and files (with --vulns: findings) are the same, 1 when they differ (like diff(1)), "
                        + "2 on usage or I/O errors."})
public final class DiffCommand extends ImageCommand {
    @Parameters(index = "1", paramLabel = "B", description = "the second image location (REF is the first)")
    String second;

    @Option(names = "--vulns", description = "compare vulnerability findings (fixed, introduced, unchanged) instead of "
            + "config and files")
    boolean vulns;

    @Mixin
    VulnsTriageOptions triage;

    @Override
    public Integer call() throws Exception {
        if (vulns) {
            // a class of its own: the vulns module is loaded only when --vulns asks for it
            return VulnsDiffRun.run(this);
        }
        ImageDiff diff;
        try (ImageSource a = openSource();
             ImageSource b = Transports.openSource(TransportRef.parse(second), remote.options())) {
            Image x = openImage(a);
            Image y = openImage(b);
            diff = ImageDiff.of(x, FileIndex.build(x, IndexOptions.withHashes()), y, FileIndex.build(y, IndexOptions.withHashes()));
        }
        if (json) {
            Output.json(out(), diff);
        } else {
            print(out(), diff);
        }
        return diff.identical() ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
    }

    private void print(PrintWriter out, ImageDiff diff) {
        out.println("--- " + ref);
        out.println("+++ " + second);
        for (ConfigChange c : diff.config()) {
            out.println("config " + c.field() + ": " + (c.before() == null ? "(unset)" : c.before()) + " -> "
                    + (c.after() == null ? "(unset)" : c.after()));
        }
        long delta = 0;
        for (FileChange f : diff.files()) {
            String mark = switch (f.type()) {
                case ADDED -> "+";
                case REMOVED -> "-";
                case CHANGED -> "~";
            };
            long d = f.sizeDelta();
            delta += d;
            out.println(mark + " /" + f.path() + "  " + (d >= 0 ? "+" : "-") + Sizes.human(Math.abs(d))
                    + (f.what().isEmpty() ? "" : "  " + String.join(",", f.what())));
        }
        out.println(diff.files().size() + " path(s) differ, " + (delta >= 0 ? "+" : "-") + Sizes.human(Math.abs(delta))
                + "; " + diff.sharedLayers().size() + " layer(s) shared by digest");
        out.flush();
    }
}
