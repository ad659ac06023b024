package dev.gantry.runtime.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts an image config into an OCI runtime config (config.json) by image-spec's
 * conversion.md: {@code process.args} = Entrypoint + Cmd, {@code env} = Env (PATH added only
 * when the image sets none), {@code cwd} = WorkingDir, {@code user} resolved by
 * {@link UserResolver}; os/architecture/variant/os.version/os.features/author/created/
 * StopSignal/ExposedPorts as {@code org.opencontainers.image.*} annotations, with Labels
 * taking precedence over them.
 *
 * <p>Everything else is this converter's implementation-defined default, the same as
 * {@code runc spec}: new pid/ipc/uts/mount/network/cgroup namespaces, the default mounts,
 * masked and read-only /proc paths, three capabilities, no new privileges, terminal off
 * (so {@code runc run} works without a TTY). The root filesystem is writable, as a
 * container of an image usually expects; Volumes are not mounted.
 */
public final class RuntimeConfigBuilder {
    /** The runtime-spec version written as {@code ociVersion}. */
    public static final String OCI_VERSION = "1.0.2";
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String PREFIX = "org.opencontainers.image.";
    private static final List<String> CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    private RuntimeConfigBuilder() {
    }

    /**
     * Converts an image config into a fresh runtime config: {@code process} from Entrypoint, Cmd, Env and
     * WorkingDir, the runc-spec defaults for everything else, {@code root.path} "rootfs" (writable), and the
     * image's platform, author, creation time, StopSignal and ExposedPorts as
     * {@code org.opencontainers.image.*} annotations, with the Labels added over them.
     *
     * @param image    the image config; its {@code config} section may be absent (no args, the default PATH,
     *                 cwd /)
     * @param user     the process's numeric user, already resolved (see {@link UserResolver})
     * @param hostname the container's host name
     * @return a new config.json tree, for the caller to adjust (mounts, resources) and write
     */
    public static ObjectNode build(ImageConfig image, ProcessUser user, String hostname) {
        ImageConfig.ContainerConfig run = image.config();
        ObjectNode config = Json.mapper().createObjectNode();
        config.put("ociVersion", OCI_VERSION);
        ObjectNode process = config.putObject("process");
        process.put("terminal", false);
        ObjectNode userNode = process.putObject("user");
        userNode.put("uid", user.uid());
        userNode.put("gid", user.gid());
        if (!user.additionalGids().isEmpty()) {
            ArrayNode gids = userNode.putArray("additionalGids");
            user.additionalGids().forEach(gids::add);
        }
        ArrayNode args = process.putArray("args");
        args(run).forEach(args::add);
        ArrayNode env = process.putArray("env");
        env(run).forEach(env::add);
        process.put("cwd", run != null && run.workingDir() != null && !run.workingDir().isEmpty() ? run.workingDir() : "/");
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode list = caps.putArray(set);
            CAPABILITIES.forEach(list::add);
        }
        ArrayNode rlimits = process.putArray("rlimits");
        rlimits.addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
        process.put("noNewPrivileges", true);

        config.putObject("root").put("path", "rootfs").put("readonly", false);
        config.put("hostname", hostname);
        mounts(config.putArray("mounts"));
        linux(config.putObject("linux"));
        ObjectNode annotations = config.putObject("annotations");
        annotations(image).forEach(annotations::put);
        return config;
    }

    /**
     * Sets where the container's network namespace comes from: a new one of its own (runc brings up only its
     * loopback), an existing one by path (a namespace the caller has set up, e.g. with a veth on a bridge), or
     * none at all, so that the process shares the runtime's, i.e. the host's, network.
     *
     * @param config a config made by {@link #build}
     * @param mode   "new", "path" or "host"
     * @param path   the namespace's path for "path" (e.g. {@code /run/netns/NAME}); ignored otherwise
     * @throws IllegalArgumentException for another mode, or "path" without a path
     */
    public static void networkNamespace(ObjectNode config, String mode, String path) {
        ObjectNode linux = config.get("linux") instanceof ObjectNode l ? l : config.putObject("linux");
        ArrayNode namespaces = linux.get("namespaces") instanceof ArrayNode n ? n : linux.putArray("namespaces");
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            if ("network".equals(namespaces.get(i).path("type").asText())) {
                namespaces.remove(i);
            }
        }
        switch (mode) {
            case "new" -> namespaces.addObject().put("type", "network");
            case "path" -> {
                if (path == null || path.isEmpty()) {
                    throw new IllegalArgumentException("a network namespace by path needs the path");
                }
                namespaces.addObject().put("type", "network").put("path", path);
            }
            case "host" -> {
                // no entry: the process stays in the runtime's network namespace
            }
            default -> throw new IllegalArgumentException("network namespace mode " + mode);
        }
    }

    /** Entrypoint followed by Cmd. */
    static List<String> args(ImageConfig.ContainerConfig run) {
        List<String> args = new ArrayList<>();
        if (run != null) {
            if (run.entrypoint() != null) {
                args.addAll(run.entrypoint());
            }
            if (run.cmd() != null) {
                args.addAll(run.cmd());
            }
        }
        return args;
    }

    /** The image's Env verbatim, plus a default PATH only when it has none (conversion.md note 1). */
    static List<String> env(ImageConfig.ContainerConfig run) {
        List<String> env = new ArrayList<>();
        if (run != null && run.env() != null) {
            env.addAll(run.env());
        }
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
            env.add(0, DEFAULT_PATH);
        }
        return env;
    }

    /** Implicit annotations first, then Labels over them (Labels win a conflict). */
    static Map<String, String> annotations(ImageConfig image) {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "os", image.os());
        put(out, "architecture", image.architecture());
        put(out, "variant", image.variant());
        put(out, "os.version", image.osVersion());
        if (image.osFeatures() != null && !image.osFeatures().isEmpty()) {
            out.put(PREFIX + "os.features", String.join(",", image.osFeatures()));
        }
        put(out, "author", image.author());
        put(out, "created", image.created());
        ImageConfig.ContainerConfig run = image.config();
        if (run != null) {
            put(out, "stopSignal", run.stopSignal());
            if (run.exposedPorts() != null && !run.exposedPorts().isEmpty()) {
                out.put(PREFIX + "exposedPorts", String.join(",", new TreeMap<>(run.exposedPorts()).keySet()));
            }
            if (run.labels() != null) {
                out.putAll(new TreeMap<>(run.labels()));
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(PREFIX + key, value);
        }
    }

    private static void mounts(ArrayNode mounts) {
        mount(mounts, "/proc", "proc", "proc");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode m = mounts.addObject();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        if (options.length > 0) {
            ArrayNode o = m.putArray("options");
            for (String option : options) {
                o.add(option);
            }
        }
    }

    private static void linux(ObjectNode linux) {
        ObjectNode resources = linux.putObject("resources");
        resources.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String ns : List.of("pid", "network", "ipc", "uts", "mount", "cgroup")) {
            namespaces.addObject().put("type", ns);
        }
        ArrayNode masked = linux.putArray("maskedPaths");
        for (String p : List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi")) {
            masked.add(p);
        }
        ArrayNode readonly = linux.putArray("readonlyPaths");
        for (String p : List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")) {
            readonly.add(p);
        }
    }
}
