package dev.gantry.cli.commands;

import dev.gantry.build.containerfile.LayerCache;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.error.InvalidInputException;
import dev.gantry.runtime.container.Containers;
import dev.gantry.runtime.store.StorePruner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

import java.util.Locale;

@Command(name = "prune", description = {"Delete what no stored image and no container uses: layer snapshots, blobs, and "
        + "work directories crashed unpacks left (older than an hour).",
        "With --build-cache: delete gantry build's cached layers instead (all, or those unused for --unused-for)."})
public final class PruneCommand extends StoreCommand {
    @Option(names = "--build-cache", description = "prune gantry build's layer cache instead of the store")
    boolean buildCache;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "the build cache (default: gantry build's)")
    Path cacheDir;

    @Option(names = "--unused-for", paramLabel = "DURATION", description = "with --build-cache: only layers no build used "
            + "for this long, e.g. 7d, 12h, 30m (default: all)")
    String unusedFor;

    @Override
    public Integer call() throws Exception {
        if (buildCache) {
            return pruneBuildCache();
        }
        StorePruner.Result result = StorePruner.prune(store(), new Containers(store()).layersInUse());
        if (json) {
            Output.json(out(), result);
        } else {
            out().printf(Locale.ROOT, "deleted %d snapshot(s), %d blob(s): %s reclaimed%n",
                    result.snapshots(), result.blobs(), Sizes.human(result.bytes()));
            out().flush();
        }
        return 0;
    }

    private int pruneBuildCache() throws java.io.IOException {
        Path dir = cacheDir != null ? cacheDir : BuildCommand.defaultCacheDir();
        LayerCache.Pruned pruned = new LayerCache(dir).prune(unusedFor == null ? Duration.ZERO : duration(unusedFor));
        if (json) {
            Output.json(out(), pruned);
        } else {
            out().printf(Locale.ROOT, "deleted %d cached layer(s) from %s: %s reclaimed%n", pruned.entries(), dir,
                    Sizes.human(pruned.bytes()));
            out().flush();
        }
        return 0;
    }

    private static Duration duration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([dhm])").matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidInputException("--unused-for '" + text + "' must be a number of days, hours or minutes: 7d, 12h, 30m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
