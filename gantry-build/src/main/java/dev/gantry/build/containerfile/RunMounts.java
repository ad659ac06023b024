package dev.gantry.build.containerfile;

import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.runtime.container.BindMount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code --mount}s of one RUN. A secret is staged in a private file of the build's work
 * directory (with the mount's mode, uid and gid, buildkit's defaults 0400 root:root) and
 * bind-mounted read-only at its target ({@code /run/secrets/ID} by default): the process sees
 * it, the rootfs never holds it. The runtime creates the mount point (an empty file and any
 * missing parent directories) in the container's upper directory; {@link #removeMountPoints}
 * deletes those before the upper directory becomes a layer. A secret the build was not given
 * is skipped unless the mount says {@code required=true}. A cache mount ({@code type=cache},
 * for package managers' downloads) is a directory per id under the build cache, bound
 * read-write and kept between builds, never part of a layer; as with buildkit, its content
 * does not enter the cache key. Other mount types are refused.
 */
final class RunMounts {
    private final List<BindMount> binds = new ArrayList<>();
    private final Path staging;
    private final List<String> absent = new ArrayList<>();

    private RunMounts(Path staging) {
        this.staging = staging;
    }

    /**
     * @param expand  the stage's variable expansion (mount options may use ARGs)
     * @param workdir the stage's working directory, for relative targets
     * @param staging a directory of its own for this RUN's secret files (created here, deleted by {@link #close})
     * @param caches  where cache mounts' directories live
     */
    static RunMounts of(List<Map<String, String>> mounts, Map<String, BuildSecret> secrets, Map<String, String> environment,
                        UnaryOperator<String> expand, String workdir, Path staging, Path caches, String where)
            throws IOException {
        RunMounts result = new RunMounts(staging);
        for (Map<String, String> raw : mounts) {
            Map<String, String> mount = new java.util.LinkedHashMap<>();
            raw.forEach((k, v) -> mount.put(k, expand.apply(v)));
            String type = mount.getOrDefault("type", "bind");
            switch (type) {
                case "secret" -> result.secret(mount, secrets, environment, workdir, where);
                case "cache" -> result.cache(mount, workdir, caches, where);
                default -> throw new UnsupportedFormatException(where + ": RUN --mount=type=" + type + " is not supported by "
                        + "gantry build (only type=secret and type=cache); COPY what the step needs, or drop the mount");
            }
        }
        return result;
    }

    private void secret(Map<String, String> mount, Map<String, BuildSecret> secrets, Map<String, String> environment,
                        String workdir, String where) throws IOException {
        String target = targetOf(mount);
        String id = mount.getOrDefault("id", target == null ? "" : Path.of(target).getFileName().toString());
        if (id.isEmpty() || id.contains("/")) {
            throw new InvalidInputException(where + ": RUN --mount=type=secret needs id=ID (a name without '/')");
        }
        if (mount.containsKey("env")) {
            throw new UnsupportedFormatException(where + ": RUN --mount=type=secret,env=... is not supported by gantry build; "
                    + "read the secret from its file (/run/secrets/" + id + ")");
        }
        target = target == null ? "/run/secrets/" + id : absolute(target, workdir);
        BuildSecret secret = secrets.get(id);
        if (secret == null) {
            if (Boolean.parseBoolean(mount.getOrDefault("required", "false"))) {
                throw new InvalidInputException(where + ": RUN needs secret '" + id + "' (required=true); give it with "
                        + "gantry build --secret id=" + id + ",src=FILE");
            }
            return;
        }
        createPrivate(staging);
        Path file = staging.resolve(id);
        Files.write(file, secret.value(environment));
        int mode = parseInt(mount.getOrDefault("mode", "0400"), 8, "mode", where);
        Files.setAttribute(file, "unix:mode", mode);
        Files.setAttribute(file, "unix:uid", parseInt(mount.getOrDefault("uid", "0"), 10, "uid", where));
        Files.setAttribute(file, "unix:gid", parseInt(mount.getOrDefault("gid", "0"), 10, "gid", where));
        binds.add(new BindMount(file, target, true));
    }

    private void cache(Map<String, String> mount, String workdir, Path caches, String where) throws IOException {
        String target = absolute(targetOf(mount), workdir);
        if (target == null) {
            throw new InvalidInputException(where + ": RUN --mount=type=cache needs target=PATH");
        }
        String id = mount.getOrDefault("id", target);
        Path dir = caches.resolve(Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).hex());
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setAttribute(dir, "unix:mode", parseInt(mount.getOrDefault("mode", "0755"), 8, "mode", where));
            Files.setAttribute(dir, "unix:uid", parseInt(mount.getOrDefault("uid", "0"), 10, "uid", where));
            Files.setAttribute(dir, "unix:gid", parseInt(mount.getOrDefault("gid", "0"), 10, "gid", where));
        }
        binds.add(new BindMount(dir, target, Boolean.parseBoolean(mount.getOrDefault("readonly",
                mount.getOrDefault("ro", "false")))));
    }

    private static String targetOf(Map<String, String> mount) {
        return mount.get(mount.containsKey("target") ? "target" : mount.containsKey("dst") ? "dst" : "destination");
    }

    /** The target made absolute against the working directory and normalised (null stays null). */
    private static String absolute(String target, String workdir) {
        if (target == null) {
            return null;
        }
        String path = target.startsWith("/") ? target : (workdir.isEmpty() ? "/" : workdir + "/") + target;
        return Path.of(path).normalize().toString();
    }

    private static int parseInt(String text, int radix, String name, String where) {
        try {
            return Integer.parseInt(text, radix);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ": RUN --mount " + name + "=" + text + " is not a number");
        }
    }

    List<BindMount> binds() {
        return List.copyOf(binds);
    }

    /** Adds a read-only bind of a file (a heredoc script) this RUN staged itself. */
    void bind(Path file, String destination) {
        binds.add(new BindMount(file, destination, true));
    }

    Path staging() {
        return staging;
    }

    /** Notes which mount points (and parents) the merged rootfs lacks, so the runtime will create them. */
    void noteMissingMountPoints(Path rootfs) {
        for (BindMount bind : binds) {
            Path inside = Path.of("/").relativize(Path.of(bind.destination()));
            for (int i = 1; i <= inside.getNameCount(); i++) {
                Path sub = inside.subpath(0, i);
                if (!Files.exists(rootfs.resolve(sub), LinkOption.NOFOLLOW_LINKS) && !absent.contains(sub.toString())) {
                    absent.add(sub.toString());
                }
            }
        }
    }

    /** Deletes, deepest first, the empty mount points the runtime made in the upper directory. */
    void removeMountPoints(Path upper) throws IOException {
        for (int i = absent.size() - 1; i >= 0; i--) {
            Path path = upper.resolve(absent.get(i));
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && Files.size(path) == 0) {
                Files.delete(path);
            } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && isEmpty(path)) {
                Files.delete(path);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    /** Deletes the staged secret files. */
    void close() throws IOException {
        if (Files.isDirectory(staging)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
                for (Path entry : entries) {
                    Files.delete(entry);
                }
            }
            Files.delete(staging);
        }
    }

    /** Creates the directory readable by root only: secrets and scripts wait there for the run. */
    static void createPrivate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
}
