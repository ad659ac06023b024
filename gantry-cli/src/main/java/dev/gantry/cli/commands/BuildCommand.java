package dev.gantry.cli.commands;

import dev.gantry.build.Reproducibility;
import dev.gantry.build.containerfile.BuildOptions;
import dev.gantry.build.containerfile.BuildSecret;
import dev.gantry.build.containerfile.ContainerfileBuilder;
import dev.gantry.cli.output.Output;
import dev.gantry.dockerfile.Dockerfile;
import dev.gantry.dockerfile.DockerfileParser;
import dev.gantry.oci.Platform;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.runtime.network.NetworkMode;
import dev.gantry.store.StoreRoot;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "build",
        description = {"Build a Containerfile/Dockerfile without a daemon and write the image to -t DEST.",
                "Supported: FROM (any image location, scratch, earlier stages), multi-stage AS and COPY --from, ARG/ENV "
                        + "expansion, COPY/ADD of local files (.dockerignore, --chown USER[:GROUP] by name or number, --chmod MODE), "
                        + "COPY --from an image, COPY <<EOF here-documents, ADD of local tar archives (extracted), "
                        + "WORKDIR (created when missing), USER, LABEL, EXPOSE, ENTRYPOINT, "
                        + "CMD, SHELL, STOPSIGNAL, HEALTHCHECK, VOLUME, RUN (in a container through gantry run's path: root, "
                        + "overlayfs and runc; its output goes to stderr), RUN heredocs, RUN --mount=type=secret (bound read-only for that "
                        + "step only: never in a layer, history or cache key), RUN --mount=type=cache (a directory kept "
                        + "under the build cache between builds).",
                "COPY layers are cached by parent + instruction + content digest (not mtimes); each step prints CACHED "
                        + "when its layer came from the cache (gantry prune --build-cache empties the cache). Reproducible: SOURCE_DATE_EPOCH (else 1970-01-01) for every time."})
public final class BuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTEXT", description = "build context directory")
    Path context;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Containerfile (default: CONTEXT/Containerfile, else CONTEXT/Dockerfile)")
    Path file;

    @Option(names = {"-t", "--tag"}, required = true, paramLabel = "DEST", description = "where the image goes (any writable location)")
    String destination;

    @Option(names = "--build-arg", paramLabel = "K=V", description = "value for an ARG (repeatable)")
    List<String> buildArgs = new java.util.ArrayList<>();

    @Option(names = "--secret", paramLabel = "id=ID,src=FILE|env=VAR", description = "a secret for RUN --mount=type=secret,id=ID "
            + "(at /run/secrets/ID by default; changing it does not bust the cache, as with buildkit) (repeatable)")
    List<String> secrets = new java.util.ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "stage to build (default: the last)")
    String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "target platform (default: this machine's)")
    String platform;

    @Option(names = "--no-cache", description = "rebuild every layer (the cache is refreshed)")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "layer cache (default: $XDG_CACHE_HOME/gantry/build or ~/.cache/gantry/build)")
    Path cacheDir;

    @Option(names = "--root", paramLabel = "DIR", description = "store for RUN's containers and snapshots (default: $GANTRY_ROOT, "
            + "else $XDG_DATA_HOME/gantry or ~/.local/share/gantry), as gantry run uses")
    Path root;

    @Option(names = "--network", paramLabel = "MODE", description = "RUN steps' network, as docker build --network: bridge "
            + "(default, also 'default'/'private': a private namespace on bridge gantry0 with NAT), host or none")
    String network = "bridge";

    @Option(names = "--format", paramLabel = "FORMAT", description = "manifest format: oci, docker (default: the destination's)")
    String format;

    @Option(names = "--json", description = "machine-readable JSON result")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    record Result(String destination, String digest, long layersBuilt, long layersCached, List<ContainerfileBuilder.Step> steps) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path containerfile = file != null ? file
                : Files.exists(context.resolve("Containerfile")) ? context.resolve("Containerfile") : context.resolve("Dockerfile");
        Dockerfile parsed = DockerfileParser.parse(containerfile);
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : buildArgs) {
            String[] kv = ConfigFlagsMixin.keyValue(arg, "--build-arg");
            args.put(kv[0], kv[1]);
        }
        Map<String, BuildSecret> buildSecrets = new LinkedHashMap<>();
        for (String secret : secrets) {
            BuildSecret parsedSecret = BuildSecret.parse(secret);
            buildSecrets.put(parsedSecret.id(), parsedSecret);
        }
        Path work = Files.createTempDirectory("gantry-build-");
        Warnings warnings = new Warnings(json ? null : w -> {
            err.println("warning: " + w);
            err.flush();
        });
        BuildOptions options = new BuildOptions(context, target, args, platform != null ? Platform.parse(platform) : Platform.host(),
                noCache, cacheDir != null ? cacheDir : defaultCacheDir(), work, LayerCompression.defaults(),
                Reproducibility.fromEnvironment(System.getenv()), StoreRoot.locate(root), buildSecrets, NetworkMode.parse(network));
        int[] number = {0};
        ContainerfileBuilder.Result result;
        TransportRef to = TransportRef.parse(destination);
        try (ImageTarget imageTarget = Transports.openTarget(to, TransferCommand.parseFormat(format), remote.options())) {
            result = new ContainerfileBuilder(options, remote.options(), warnings, step -> {
                if (!json) {
                    out.printf(Locale.ROOT, "[%s] STEP %d: %s%s%n", step.stage(), ++number[0], step.instruction(),
                            step.madeLayer() && step.cached() ? "  CACHED" : "");
                    out.flush();
                }
            }, System.err).build(parsed, imageTarget);
        } finally {
            Trees.deleteRecursively(work);
        }
        Result summary = new Result(to.toString(), result.manifest().digest().toString(), result.builtLayers(),
                result.cachedLayers(), result.steps());
        if (json) {
            Output.json(out, summary);
        } else {
            out.printf(Locale.ROOT, "%s%n%s  (%d layer(s) built, %d cached)%n", summary.destination(), summary.digest(),
                    summary.layersBuilt(), summary.layersCached());
            out.flush();
        }
        return 0;
    }

    /** The layer cache gantry build uses without --cache-dir (gantry prune --build-cache prunes it). */
    static Path defaultCacheDir() {
        return StoreRoot.cacheHome().resolve("build");
    }
}
