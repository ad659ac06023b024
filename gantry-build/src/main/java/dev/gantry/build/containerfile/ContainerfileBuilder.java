package dev.gantry.build.containerfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.build.ConfigEdit;
import dev.gantry.build.Reproducibility;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.copy.ImageWriter;
import dev.gantry.dockerfile.ArgInstruction;
import dev.gantry.dockerfile.Command;
import dev.gantry.dockerfile.CommandInstruction;
import dev.gantry.dockerfile.CopyInstruction;
import dev.gantry.dockerfile.Dockerfile;
import dev.gantry.dockerfile.HealthcheckInstruction;
import dev.gantry.dockerfile.Heredoc;
import dev.gantry.dockerfile.Instruction;
import dev.gantry.dockerfile.KeyValue;
import dev.gantry.dockerfile.KeyValueInstruction;
import dev.gantry.dockerfile.RunInstruction;
import dev.gantry.dockerfile.SimpleInstruction;
import dev.gantry.dockerfile.Stage;
import dev.gantry.dockerfile.Variables;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.PlatformSelector;
import dev.gantry.image.mutate.Addendum;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.Platform;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.bundle.ProcessUser;
import dev.gantry.runtime.bundle.UserResolver;
import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.ContainerCommitter;
import dev.gantry.runtime.container.ContainerRunner;
import dev.gantry.runtime.container.ContainerSpec;
import dev.gantry.runtime.container.RunSettings;
import dev.gantry.runtime.network.NetworkMode;
import dev.gantry.runtime.container.OciRuntime;
import dev.gantry.runtime.export.FilesystemTarWriter;
import dev.gantry.runtime.layer.HashingOutputStream;
import dev.gantry.runtime.layer.LayerWriter;
import dev.gantry.runtime.layer.TarContent;
import dev.gantry.runtime.layer.WrittenLayer;
import dev.gantry.store.ImageStore;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.transport.files.SafePaths;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds a parsed Containerfile without a daemon. Each stage needed by the target stage is
 * built in order as an image value ({@link Mutate}: its base plus its layers and config edits,
 * nothing written); a later FROM builds on that value and {@code COPY --from} unpacks it; the
 * target stage is written once, to the destination, by {@link ImageWriter}. A registry base comes
 * from the shared image store (see {@code baseImage}), else is pulled once per build into a blob
 * cache under the work directory, so unpacks and RUNs read
 * its layers locally.
 * COPY/ADD from the context leave out what {@code .dockerignore} excludes ({@link DockerIgnore}).
 * COPY/ADD layers come from the layer cache when their {@link CacheKey} matches; config
 * instructions edit the config JSON and leave an {@code empty_layer} history entry. RUN runs in
 * a container of the stage so far, through gantry run's path ({@link ContainerRunner}), and its
 * upper directory becomes the step's layer through {@link ContainerCommitter#layer}, the
 * path {@code gantry commit} takes.
 */
public final class ContainerfileBuilder {
    /**
     * One instruction as the build went.
     *
     * @param stage       the stage's name, or its index when unnamed
     * @param instruction the instruction's text, as history records it
     * @param cached      its layer came from the layer cache
     * @param madeLayer   it added a layer (COPY, ADD, RUN); config instructions add none
     */
    public record Step(String stage, String instruction, boolean cached, boolean madeLayer) {
    }

    /**
     * What a build wrote.
     *
     * @param manifest the target stage's manifest, as written
     * @param steps    every instruction built, in order, stages the target needs included
     */
    public record Result(Descriptor manifest, List<Step> steps) {
        /**
         * Layers taken from the cache.
         *
         * @return how many steps reused a cached layer
         */
        public long cachedLayers() {
            return steps.stream().filter(s -> s.madeLayer() && s.cached()).count();
        }

        /**
         * Layers made by this build.
         *
         * @return how many steps made a new layer
         */
        public long builtLayers() {
            return steps.stream().filter(s -> s.madeLayer() && !s.cached()).count();
        }
    }

    private record BuiltStage(Image image, CacheKey key) {
    }

    private final BuildOptions options;
    private final RemoteOptions remote;
    private final Warnings warnings;
    private final Consumer<Step> progress;
    private final OutputStream runOutput;
    private int runs;
    private final LayerCache cache;
    private final Map<Integer, BuiltStage> built = new HashMap<>();
    private final Map<Integer, Path> rootfsOfStage = new HashMap<>();
    private final Map<String, Path> rootfsOfImage = new HashMap<>();
    private int adds;
    private int trees;
    private final List<Step> steps = new ArrayList<>();
    /** Sources of base images, open while the build's image values may read their layers. */
    private final List<Closeable> openSources = new ArrayList<>();
    private Variables globalScope;
    private DockerIgnore contextIgnore;

    /**
     * A builder for one build.
     *
     * @param options   the context, target, arguments, cache and store
     * @param remote    how to reach registries for FROM and {@code COPY --from} images
     * @param warnings  collects what the tar writer, unpacks and RUN containers could not reproduce
     * @param progress  told about each step as it finishes
     * @param runOutput where RUN steps' stdout and stderr go
     */
    public ContainerfileBuilder(BuildOptions options, RemoteOptions remote, Warnings warnings, Consumer<Step> progress,
                                OutputStream runOutput) {
        this.options = options;
        this.runOutput = runOutput;
        this.remote = remote;
        this.warnings = warnings;
        this.progress = progress;
        this.cache = new LayerCache(options.cacheDir());
    }

    /**
     * Builds the target stage and the stages it needs, then writes it once to {@code target} and commits. Base
     * images stay open until the build ends and are closed also on failure.
     *
     * @param file   the parsed Containerfile
     * @param target where the image goes
     * @return the manifest written and the steps taken
     * @throws dev.gantry.error.NotFoundException when the target stage, a base image or a COPY source does not
     *         exist, or a secret's source is missing
     * @throws dev.gantry.error.InvalidInputException when an instruction cannot be expanded or is refused (a
     *         source outside the context, a bad flag), or a RUN fails or cannot start its command
     * @throws dev.gantry.error.UnsupportedFormatException when the file needs what this build cannot do: ADD
     *         from a URL, an unsupported RUN flag, or RUN without a store, runc or overlayfs
     * @throws IOException when a source, the cache, the work directory or the target fails
     */
    public Result build(Dockerfile file, ImageTarget target) throws IOException {
        Platform platform = options.platform();
        Variables global = Variables.global(options.buildArgs(),
                Variables.platformArgs(platform.toString().split(" ")[0], Platform.host().toString()), file.escape());
        for (ArgInstruction arg : file.globalArgs()) {
            global = global.declare(arg);
        }
        globalScope = global;
        Stage wanted = options.target() == null ? file.finalStage() : file.stage(options.target().toLowerCase())
                .orElseThrow(() -> new NotFoundException("no stage named '" + options.target() + "' in " + file.name()
                        + "; stages: " + file.stages().stream().map(s -> s.name().orElse(String.valueOf(s.index()))).toList()));
        Files.createDirectories(options.workDir());
        contextIgnore = DockerIgnore.of(options.context());
        try {
            BuiltStage result = buildStage(file, wanted, global);
            Descriptor written = ImageWriter.write(result.image(), target);
            return new Result(written, List.copyOf(steps));
        } finally {
            closeSources();
        }
    }

    private void closeSources() throws IOException {
        IOException failed = null;
        for (Closeable source : openSources) {
            try {
                source.close();
            } catch (IOException e) {
                failed = failed == null ? e : failed;
            }
        }
        openSources.clear();
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * A FROM or {@code COPY --from} image, this build's platform, kept open until the build ends.
     * A registry image comes from the store that {@code pull} and {@code run} share (pulled into it
     * when absent), as {@code docker build} uses a local image; when the stored one is of another
     * platform, or there is no store, it is copied into the work directory's blob cache (once per
     * build), so its layers are fetched once however often the build reads them.
     */
    private Image baseImage(String ref) throws IOException {
        TransportRef parsed = TransportRef.parse(ref);
        if (parsed.kind() == TransportRef.Kind.REGISTRY && options.store() != null) {
            ImageStore.Stored stored = new ImageStore(options.store()).openOrPull(ref, remote, new CopyOptions(false,
                    options.platform(), null, CopyOptions.defaults().jobs(), CopyOptions.defaults().listener()));
            Image image = stored.image();
            if (options.platform() == null || options.platform().satisfiedBy(image.config().platform())) {
                openSources.add(stored.source());
                return image;
            }
            stored.close();
        }
        if (parsed.kind() == TransportRef.Kind.REGISTRY) {
            TransportRef cached = new TransportRef(TransportRef.Kind.OCI, options.workDir().resolve("bases"),
                    "base-" + openSources.size(), null);
            try (ImageSource remoteSource = Transports.openSource(parsed, remote);
                 ImageTarget cache = Transports.openTarget(cached, null)) {
                new ImageCopier(remoteSource, cache, new CopyOptions(false, options.platform(), null,
                        CopyOptions.defaults().jobs(), CopyOptions.defaults().listener())).copy();
            }
            parsed = cached;
        }
        ImageSource source = Transports.openSource(parsed, remote);
        openSources.add(source);
        return PlatformSelector.select(Images.open(source), options.platform());
    }

    private BuiltStage buildStage(Dockerfile file, Stage stage, Variables global) throws IOException {
        BuiltStage done = built.get(stage.index());
        if (done != null) {
            return done;
        }
        String stageName = stage.name().orElse(String.valueOf(stage.index()));
        String baseName = global.expand(stage.baseImage());
        Optional<Stage> baseStage = file.stage(baseName.toLowerCase()).filter(s -> s.index() < stage.index());
        Image base;
        CacheKey key;
        if (baseStage.isPresent()) {
            BuiltStage parent = buildStage(file, baseStage.get(), global);
            base = parent.image();
            key = parent.key();
        } else if (baseName.equals("scratch")) {
            base = Mutate.empty(options.platform());
            key = CacheKey.base("scratch " + options.platform());
        } else {
            base = baseImage(baseName);
            key = CacheKey.base(base.descriptor().digest().toString());
        }
        report(new Step(stageName, stage.from().source().text(), false, false));
        ObjectNode baseConfig = (ObjectNode) Json.tree(base.rawConfig(), "config of " + baseName);
        StageRun run = new StageRun(file, stageName, global.stage(env(baseConfig)), base, baseConfig, key);
        for (Instruction instruction : stage.instructions()) {
            run.apply(instruction);
        }
        BuiltStage result = new BuiltStage(run.imageSoFar(), run.key);
        built.put(stage.index(), result);
        return result;
    }

    private static Map<String, String> env(ObjectNode config) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : config.path("config").path("Env")) {
            String text = e.asText();
            int eq = text.indexOf('=');
            if (eq > 0) {
                env.put(text.substring(0, eq), text.substring(eq + 1));
            }
        }
        return env;
    }

    private void report(Step step) {
        steps.add(step);
        progress.accept(step);
    }

    /** One stage's instructions applied in order: variables, config edits, layers and the cache key chain. */
    private final class StageRun {
        private final Dockerfile file;
        private final String stageName;
        private final Image base;
        private final List<Addendum> history = new ArrayList<>();
        private final List<ConfigEdit> edits = new ArrayList<>();
        private final String created;
        private Variables scope;
        private CacheKey key;
        private String workdir;
        private List<String> shell;
        private Path tree;
        private int treeLayers;

        StageRun(Dockerfile file, String stageName, Variables scope, Image base, ObjectNode baseConfig, CacheKey key) {
            this.base = base;
            this.file = file;
            this.stageName = stageName;
            this.scope = scope;
            this.key = key;
            this.created = options.reproducibility().created();
            this.workdir = baseConfig.path("config").path("WorkingDir").asText("");
            List<String> baseShell = new ArrayList<>();
            baseConfig.path("config").path("Shell").forEach(s -> baseShell.add(s.asText()));
            this.shell = baseShell.isEmpty() ? List.of("/bin/sh", "-c") : baseShell;
        }

        void apply(Instruction instruction) throws IOException {
            String where = file.name() + " line " + instruction.line();
            String text = instruction.source().text();
            switch (instruction) {
                case ArgInstruction arg -> {
                    scope = scope.declare(arg);
                    key = key.next(text, String.valueOf(scope.args()));
                    report(new Step(stageName, text, false, false));
                }
                case KeyValueInstruction kv when kv.keyword().equals("ENV") -> {
                    List<ConfigEdit> envEdits = new ArrayList<>();
                    for (KeyValue pair : kv.pairs()) {
                        String name = scope.expand(pair.key());
                        scope = scope.withEnv(name, pair.value());
                        envEdits.add(ConfigEdit.env(name, scope.lookup(name)));
                    }
                    configStep(text, envEdits);
                }
                case KeyValueInstruction kv -> {
                    List<ConfigEdit> labels = new ArrayList<>();
                    for (KeyValue pair : kv.pairs()) {
                        labels.add(ConfigEdit.label(scope.expand(pair.key()), scope.expand(pair.value())));
                    }
                    configStep(text, labels);
                }
                case SimpleInstruction simple when simple.keyword().equals("WORKDIR") -> workdir(simple, text, where);
                case SimpleInstruction simple -> simple(simple, text, where);
                case CommandInstruction command -> {
                    List<String> argv = command.keyword().equals("SHELL") ? command.command().exec() : argv(command.command());
                    ConfigEdit edit = switch (command.keyword()) {
                        case "CMD" -> ConfigEdit.cmd(argv);
                        case "ENTRYPOINT" -> ConfigEdit.entrypoint(argv);
                        default -> ConfigEdit.shell(argv);
                    };
                    if (command.keyword().equals("SHELL")) {
                        shell = argv;
                    }
                    configStep(text, List.of(edit));
                }
                case HealthcheckInstruction check ->
                        configStep(text, List.of(ConfigEdit.healthcheck(text.replaceFirst("(?i)^HEALTHCHECK\\s*", ""),
                                HealthcheckConfig.of(check, where))));
                case CopyInstruction copy -> copy(copy, text, where);
                case RunInstruction command -> run(command, text, where);
                default -> {
                    warnings.add(instruction.keyword() + " is not applied by gantry build", where);
                    report(new Step(stageName, text, false, false));
                }
            }
        }

        private void simple(SimpleInstruction simple, String text, String where) {
            List<String> words = simple.words().stream().map(scope::expand).toList();
            List<ConfigEdit> stepEdits = new ArrayList<>();
            switch (simple.keyword()) {
                case "USER" -> stepEdits.add(ConfigEdit.user(scope.expand(simple.text().strip())));
                case "EXPOSE" -> words.forEach(w -> stepEdits.add(ConfigEdit.expose(w)));
                case "VOLUME" -> words.forEach(w -> stepEdits.add(ConfigEdit.volume(w)));
                case "STOPSIGNAL" -> stepEdits.add(ConfigEdit.stopSignal(scope.expand(simple.text().strip())));
                default -> warnings.add(simple.keyword() + " is not applied by gantry build", where);
            }
            configStep(text, stepEdits);
        }

        /**
         * Sets the working directory and, as Docker does, creates it in a layer of its own when
         * the stage so far lacks it (owned by root, 0755).
         */
        private void workdir(SimpleInstruction simple, String text, String where) throws IOException {
            ConfigEdit edit = ConfigEdit.workdir(scope.expand(simple.text().strip()));
            ObjectNode probe = Json.mapper().createObjectNode();
            probe.putObject("config").put("WorkingDir", workdir);
            edit.applyTo(probe);
            workdir = probe.path("config").path("WorkingDir").asText();
            String relative = workdir.replaceFirst("^/+", "");
            relative = relative.isEmpty() ? "" : SafePaths.normalise(relative, where);
            if (relative.isEmpty() || StageTree.hasDirectory(treeSoFar(), relative)) {
                configStep(text, List.of(edit));
                return;
            }
            edits.add(edit);
            Path empty = Files.createDirectories(options.workDir().resolve("empty-dir"));
            layerStep(text, text + " mkdir", List.of(new FilesystemTarWriter.Placement(empty, relative)),
                    options.reproducibility(), path -> false);
        }

        /** The stage's filesystem as the steps so far left it, unpacked once per layer step. */
        private Path treeSoFar() throws IOException {
            int layers = (int) history.stream().filter(h -> h.layer() != null).count();
            if (tree == null || treeLayers != layers) {
                tree = StageTree.unpack(imageSoFar(), options.workDir().resolve("tree-" + (++trees) + "-rootfs"), warnings);
                treeLayers = layers;
            }
            return tree;
        }

        /**
         * The stage so far (base, layers, config edits) as an image value; nothing is written. The
         * edits are copied, so later instructions do not change a value already handed out.
         */
        Image imageSoFar() {
            List<ConfigEdit> editsSoFar = List.copyOf(edits);
            return Mutate.withConfig(Mutate.append(base, history), config -> editConfig(config, editsSoFar));
        }

        private List<String> argv(Command command) {
            if (command.isExecForm()) {
                return command.exec();
            }
            List<String> argv = new ArrayList<>(shell);
            argv.add(command.text());
            return argv;
        }

        private void configStep(String text, List<ConfigEdit> stepEdits) {
            edits.addAll(stepEdits);
            key = key.next(text, null);
            history.add(Addendum.configOnly(created, text));
            report(new Step(stageName, text, false, false));
        }

        private void copy(CopyInstruction copy, String text, String where) throws IOException {
            if (!copy.heredocs().isEmpty()) {
                copyHeredocs(copy, text, where);
                return;
            }
            List<String> sources = copy.sources().stream().map(scope::expand).toList();
            if (copy.isAdd() && sources.stream().anyMatch(s -> s.matches("(?i)^(https?|git)://.*"))) {
                throw new UnsupportedFormatException(where + ": ADD from a URL is not supported by gantry build; "
                        + "download the file into the context and COPY it");
            }
            Path root = copy.from().isPresent() ? stageRoot(scope.expand(copy.from().get())) : options.context();
            copyFrom(copy, root, sources, copy.from().isPresent() ? path -> false : contextIgnore, text, where);
        }

        /**
         * {@code COPY <<EOF /dest}: each here-document becomes a file named after its delimiter
         * (variables expanded unless the delimiter was quoted), copied by the usual rules.
         */
        private void copyHeredocs(CopyInstruction copy, String text, String where) throws IOException {
            Path dir = Files.createDirectories(options.workDir().resolve("heredocs-" + (++adds)));
            List<String> sources = new ArrayList<>();
            for (String source : copy.sources()) {
                Heredoc heredoc = copy.heredocs().stream().filter(h -> source.matches("<<-?(['\"]?)" + h.name() + "\\1"))
                        .findFirst().orElseThrow(() -> new UnsupportedFormatException(where + ": " + copy.keyword()
                                + " mixes here-documents and files ('" + source + "'); give them in separate instructions"));
                String content = heredoc.expand() ? scope.expand(heredoc.content()) : heredoc.content();
                Files.writeString(dir.resolve(heredoc.name()), content);
                sources.add(heredoc.name());
            }
            copyFrom(copy, dir, sources, path -> false, text, where);
        }

        private void copyFrom(CopyInstruction copy, Path root, List<String> sources, Predicate<Path> ignored, String text,
                              String where) throws IOException {
            String destination = scope.expand(copy.destination());
            String absolute = destination.startsWith("/") ? destination
                    : (workdir.isEmpty() ? "/" : workdir + "/") + destination;
            List<FilesystemTarWriter.Placement> placements = CopySources.resolve(root, sources, absolute, where);
            Predicate<Path> excluded = ignored;
            if (copy.isAdd() && copy.from().isEmpty() && copy.heredocs().isEmpty()) {
                Path scratch = Files.createDirectories(options.workDir().resolve("add-" + (++adds))).toRealPath();
                String relative = absolute.replaceFirst("^/+", "");
                placements = AddArchives.extract(placements, relative.isEmpty() ? "" : SafePaths.normalise(relative, where),
                        scratch, warnings, where);
                excluded = path -> !path.startsWith(scratch) && contextIgnore.test(path);
            }
            String chown = copy.flag("chown").map(f -> scope.expand(f.value())).orElse(null);
            Reproducibility owner = options.reproducibility().withOwner(chown == null ? null : numericOwner(chown, where));
            FilesystemTarWriter.EntryPolicy policy = copy.flag("chmod").map(f -> chmod(owner, scope.expand(f.value()), where))
                    .orElse(owner);
            layerStep(text, text + " " + sources + " " + absolute + " " + owner, placements, policy, excluded);
        }

        /** A step whose layer is the placements as a tar, cached by the step text and the tar's digest. */
        private void layerStep(String text, String keyText, List<FilesystemTarWriter.Placement> placements,
                               FilesystemTarWriter.EntryPolicy policy, Predicate<Path> excluded) throws IOException {
            TarContent content = out -> new FilesystemTarWriter(warnings, policy, excluded).write(placements, out);
            // The key needs the content's digest before the cache can be asked, so the tar is
            // hashed once without compressing: a hit (the common rebuild) costs one read of the
            // inputs and no compression; only a miss reads them a second time, to compress.
            HashingOutputStream tarDigest = new HashingOutputStream(OutputStream.nullOutputStream());
            content.writeTo(tarDigest);
            key = key.next(keyText, tarDigest.digest().toString());
            Optional<WrittenLayer> hit = options.noCache() ? Optional.empty() : cache.find(key);
            WrittenLayer layer = hit.isPresent() ? hit.get()
                    : cache.store(key, new LayerWriter(options.compression(), ManifestFormat.OCI).write(content, options.workDir()));
            history.add(Addendum.of(layer, created, text, null));
            report(new Step(stageName, text, hit.isPresent(), true));
        }

        /** {@code --chmod=MODE} (octal, as Docker takes it) over the owner policy, symlinks left alone. */
        private static FilesystemTarWriter.EntryPolicy chmod(Reproducibility owner, String mode, String where) {
            if (!mode.matches("[0-7]{1,4}")) {
                throw new InvalidInputException(where + ": --chmod=" + mode + " must be an octal mode such as 0755");
            }
            int bits = Integer.parseInt(mode, 8);
            return entry -> {
                owner.apply(entry);
                if (!entry.isSymbolicLink()) {
                    entry.setMode(bits);
                }
            };
        }

        private void run(RunInstruction instruction, String text, String where) throws IOException {
            if (options.store() == null) {
                throw new UnsupportedFormatException(where + ": RUN needs a container store (gantry run's); this build has none");
            }
            NetworkMode network = options.network();
            for (var flag : instruction.flags()) {
                if (flag.name().equals("network")) {
                    // buildkit's per-step network: none, host, or default (the build's --network)
                    network = switch (flag.value() == null ? "" : flag.value()) {
                        case "none" -> NetworkMode.NONE;
                        case "host" -> NetworkMode.HOST;
                        case "default" -> options.network();
                        default -> throw new InvalidInputException(where + ": RUN " + flag + ": use --network=default, none or host");
                    };
                } else if (!flag.name().equals("mount")) {
                    throw new UnsupportedFormatException(where + ": RUN " + flag + " is not supported by gantry build "
                            + "(--mount and --network are)");
                }
            }
            RunScript script = RunScript.of(instruction, shell, where);
            List<String> env = new ArrayList<>();
            scope.args().forEach((name, value) -> {
                if (value != null) {
                    env.add(name + "=" + value);
                }
            });
            // The key holds the instruction (mount ids and targets included) but no secret's value:
            // as with buildkit, changing a secret does not rebuild the step; --no-cache does.
            key = key.next(script.description() + " " + env, null);
            Optional<WrittenLayer> hit = options.noCache() ? Optional.empty() : cache.find(key);
            WrittenLayer layer;
            if (hit.isPresent()) {
                layer = hit.get();
            } else {
                RunMounts mounts = RunMounts.of(instruction.mounts(), options.secrets(), System.getenv(), scope::expand, workdir,
                        options.workDir().resolve("run-" + (runs + 1) + "-mounts"), options.cacheDir().resolve(LayerCache.RUN_CACHES),
                        where);
                try {
                    script.stage(mounts);
                    layer = cache.store(key, execute(script.argv(), env, mounts, network, text, where));
                } finally {
                    mounts.close();
                }
            }
            history.add(Addendum.of(layer, created, script.description(), null));
            report(new Step(stageName, text, hit.isPresent(), true));
        }

        /**
         * Runs argv in a container of the stage so far (ARGs as environment, the mounts bound)
         * and returns its changes, less the mount points, as a layer.
         */
        private WrittenLayer execute(List<String> argv, List<String> env, RunMounts mounts, NetworkMode network, String text,
                                     String where)
                throws IOException {
            if (!OciRuntime.available()) {
                throw new UnsupportedFormatException(where + ": RUN needs runc on this machine (apt-get install runc)");
            }
            if (!dev.gantry.runtime.container.OverlayMount.supported()) {
                // Checked before the step runs: without overlay a container's changes have no upper dir to become the layer.
                throw new UnsupportedFormatException(where + ": RUN needs overlayfs to record its changes as a layer ("
                        + (dev.gantry.runtime.apply.Privileges.isRoot() ? "this kernel has no overlay support"
                        : "run gantry build as root") + ")");
            }
            // The stage so far goes into the run store (only blobs it lacks), named for this step.
            String image = new ImageStore(options.store()).put("gantry-build/" + ProcessHandle.current().pid() + "-"
                    + Integer.toHexString(System.identityHashCode(this)) + "/run-" + (++runs), imageSoFar());
            ContainerRunner runner = new ContainerRunner(options.store(), remote, notice -> warnings.add(notice, where));
            Container container = runner.create(new ContainerSpec(image, List.of(), argv, env, null, null,
                    null, false, mounts.binds(), RunSettings.defaults().withNetwork(network, List.of())));
            try {
                mounts.noteMissingMountPoints(container.rootfsDir());
                int code;
                try {
                    code = runner.start(container, runOutput, runOutput);
                } catch (dev.gantry.runtime.container.ContainerStartException notStarted) {
                    throw new InvalidInputException(where + ": RUN " + text + ": " + notStarted.getMessage()
                            + " (exit code " + notStarted.exitCode() + ")");
                }
                if (code != 0) {
                    throw new InvalidInputException(where + ": RUN exited with code " + code + ": " + text);
                }
                mounts.removeMountPoints(container.upperDir());
                return new ContainerCommitter(options.store(), options.compression()).layer(container, ManifestFormat.OCI, warnings);
            } finally {
                runner.remove(container, true);
                // The stage-so-far was imported into the run store only for this step: untag it, so
                // `gantry images` does not list build intermediates; its blobs and layer snapshots
                // stay for the next RUN on the same layers, until `gantry prune`.
                ImageStore store = new ImageStore(options.store());
                String stored = store.storedName(image);
                if (stored != null) {
                    store.untag(stored);
                }
            }
        }

        /** UID[:GID] as given, or names resolved in the stage's own etc/passwd and etc/group (never through symlinks). */
        private String numericOwner(String chown, String where) throws IOException {
            if (chown.matches("\\d+(:\\d+)?")) {
                return chown;
            }
            try {
                ProcessUser user = new UserResolver(treeSoFar()).resolve(chown);
                return user.uid() + ":" + user.gid();
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + ": --chown=" + chown + ": " + e.getMessage());
            }
        }

        private Path stageRoot(String name) throws IOException {
            Optional<Stage> stage = file.stage(name.toLowerCase());
            if (stage.isEmpty()) {
                return imageRoot(name);
            }
            Stage source = stage.get();
            Path rootfs = rootfsOfStage.get(source.index());
            if (rootfs == null) {
                BuiltStage built = buildStage(file, source, globalScope);
                rootfs = StageTree.unpack(built.image(), options.workDir().resolve("rootfs-" + source.index()), warnings);
                rootfsOfStage.put(source.index(), rootfs);
            }
            return rootfs;
        }

        /** {@code COPY --from=IMAGE}: the image (any location, this build's platform) unpacked once per build. */
        private Path imageRoot(String ref) throws IOException {
            Path rootfs = rootfsOfImage.get(ref);
            if (rootfs == null) {
                rootfs = StageTree.unpack(baseImage(ref), options.workDir().resolve("image-" + rootfsOfImage.size()), warnings);
                rootfsOfImage.put(ref, rootfs);
            }
            return rootfs;
        }

        /** The stage's config edits plus the reproducible creation time, applied to the config tree. */
        private void editConfig(ObjectNode config, List<ConfigEdit> editsSoFar) {
            editsSoFar.forEach(e -> e.applyTo(config));
            config.put("created", created);
        }
    }

}
