package dev.gantry.runtime.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.ImageConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's run-time overrides on a runtime config built from the image
 * ({@link dev.gantry.runtime.bundle.RuntimeConfigBuilder}): a command replaces Cmd;
 * {@code --entrypoint} replaces Entrypoint and drops the image's Cmd; {@code -e K=V} adds or
 * replaces K; {@code -w} sets the working directory; bind mounts join the config's mounts.
 */
final class ProcessOverrides {
    private ProcessOverrides() {
    }

    /** The process's arguments; refused as Docker does when there are none. */
    static List<String> args(ImageConfig.ContainerConfig image, ContainerSpec spec) {
        List<String> entrypoint = spec.entrypoint() != null ? spec.entrypoint()
                : image != null && image.entrypoint() != null ? image.entrypoint() : List.of();
        List<String> cmd = !spec.command().isEmpty() ? spec.command()
                : spec.entrypoint() == null && image != null && image.cmd() != null ? image.cmd() : List.of();
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        if (args.isEmpty()) {
            throw new InvalidInputException("no command specified: the image " + spec.image()
                    + " has no Entrypoint or Cmd; give one after the image (gantry run IMAGE CMD...) or with --entrypoint");
        }
        return args;
    }

    static void apply(ObjectNode config, List<String> args, ContainerSpec spec) {
        ObjectNode process = (ObjectNode) config.get("process");
        ArrayNode argsNode = process.putArray("args");
        args.forEach(argsNode::add);
        if (!spec.env().isEmpty()) {
            Map<String, String> env = new LinkedHashMap<>();
            process.get("env").forEach(e -> put(env, e.asText()));
            spec.env().forEach(e -> put(env, e));
            ArrayNode envNode = process.putArray("env");
            env.values().forEach(envNode::add);
        }
        if (spec.workdir() != null) {
            if (!spec.workdir().startsWith("/")) {
                throw new InvalidInputException("the working directory must be absolute, not '" + spec.workdir() + "'");
            }
            process.put("cwd", spec.workdir());
        }
        RunSettings settings = spec.settings();
        if (settings.tty()) {
            process.put("terminal", true);
        }
        if (settings.readOnly()) {
            ((ObjectNode) config.get("root")).put("readonly", true);
        }
        if (settings.memoryBytes() != null || settings.cpus() != null) {
            ObjectNode linux = config.get("linux") instanceof ObjectNode l ? l : config.putObject("linux");
            ObjectNode resources = linux.get("resources") instanceof ObjectNode r ? r : linux.putObject("resources");
            if (settings.memoryBytes() != null) {
                resources.putObject("memory").put("limit", settings.memoryBytes());
            }
            if (settings.cpus() != null) {
                resources.putObject("cpu").put("period", RunSettings.CPU_PERIOD_MICROS)
                        .put("quota", Math.round(settings.cpus() * RunSettings.CPU_PERIOD_MICROS));
            }
        }
        ArrayNode mounts = (ArrayNode) config.get("mounts");
        for (BindMount bind : spec.mounts()) {
            ArrayNode options = mounts.addObject().put("destination", bind.destination()).put("type", "bind")
                    .put("source", bind.source().toAbsolutePath().toString()).putArray("options");
            options.add("rbind").add("nosuid").add("nodev").add(bind.readOnly() ? "ro" : "rw");
        }
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            throw new InvalidInputException("environment entry '" + entry + "' is not K=V");
        }
        env.put(entry.substring(0, eq), entry);
    }
}
