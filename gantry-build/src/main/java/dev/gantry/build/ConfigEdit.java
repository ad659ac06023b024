package dev.gantry.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One change to an image's run config (the config's {@code config} object), with the
 * Dockerfile-style text that history entries record ({@code ENV A=1}). The change edits the
 * JSON tree in place, so fields it does not name are untouched.
 */
public record ConfigEdit(String description, Consumer<ObjectNode> change) {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:/(tcp|udp|sctp))?");

    /** Applies the edit to a whole image config (creating its {@code config} object if absent). */
    public void applyTo(ObjectNode imageConfig) {
        ObjectNode run = imageConfig.get("config") instanceof ObjectNode o ? o : imageConfig.putObject("config");
        change.accept(run);
    }

    /** Sets or replaces {@code name} in Env, keeping the order of the others. */
    public static ConfigEdit env(String name, String value) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new InvalidInputException("environment variable name '" + name + "' is not valid (letters, digits, _ . -)");
        }
        return new ConfigEdit("ENV " + name + "=" + value, run -> {
            ArrayNode env = array(run, "Env");
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).asText().startsWith(name + "=")) {
                    env.set(i, name + "=" + value);
                    return;
                }
            }
            env.add(name + "=" + value);
        });
    }

    /** Parses {@code K=V} (a value may be empty and may hold '='). */
    public static ConfigEdit env(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new InvalidInputException("--env '" + assignment + "' must be NAME=VALUE");
        }
        return env(assignment.substring(0, eq), assignment.substring(eq + 1));
    }

    public static ConfigEdit entrypoint(List<String> argv) {
        return new ConfigEdit("ENTRYPOINT " + Json.mapper().valueToTree(argv), run -> {
            setArray(run, "Entrypoint", argv);
            // Docker drops an inherited CMD when ENTRYPOINT changes; a CMD given in the same step is set after this.
            run.remove("Cmd");
        });
    }

    public static ConfigEdit cmd(List<String> argv) {
        return new ConfigEdit("CMD " + Json.mapper().valueToTree(argv), run -> setArray(run, "Cmd", argv));
    }

    public static ConfigEdit shell(List<String> argv) {
        return new ConfigEdit("SHELL " + Json.mapper().valueToTree(argv), run -> setArray(run, "Shell", argv));
    }

    /** A relative directory is taken from the current one, as WORKDIR does. */
    public static ConfigEdit workdir(String dir) {
        return new ConfigEdit("WORKDIR " + dir, run -> {
            String current = run.path("WorkingDir").asText("");
            String base = current.isEmpty() ? "/" : current;
            run.put("WorkingDir", Path.of(base).resolve(dir).normalize().toString());
        });
    }

    public static ConfigEdit user(String user) {
        return new ConfigEdit("USER " + user, run -> run.put("User", user));
    }

    public static ConfigEdit label(String key, String value) {
        return new ConfigEdit("LABEL " + key + "=" + value, run -> object(run, "Labels").put(key, value));
    }

    /** {@code 80}, {@code 80/tcp} or {@code 53/udp}; tcp when no protocol is named. */
    public static ConfigEdit expose(String port) {
        var m = PORT.matcher(port);
        if (!m.matches() || Integer.parseInt(m.group(1)) > 65535) {
            throw new InvalidInputException("port '" + port + "' must be PORT[/tcp|udp|sctp] with PORT up to 65535");
        }
        String key = m.group(1) + "/" + (m.group(2) == null ? "tcp" : m.group(2));
        return new ConfigEdit("EXPOSE " + key, run -> object(run, "ExposedPorts").putObject(key));
    }

    public static ConfigEdit volume(String path) {
        return new ConfigEdit("VOLUME " + path, run -> object(run, "Volumes").putObject(path));
    }

    public static ConfigEdit stopSignal(String signal) {
        return new ConfigEdit("STOPSIGNAL " + signal, run -> run.put("StopSignal", signal));
    }

    /** @param healthcheck Docker's Healthcheck object (Test, Interval, Timeout, StartPeriod, Retries) */
    public static ConfigEdit healthcheck(String description, ObjectNode healthcheck) {
        return new ConfigEdit("HEALTHCHECK " + description, run -> run.set("Healthcheck", healthcheck.deepCopy()));
    }

    private static ArrayNode array(ObjectNode run, String field) {
        return run.get(field) instanceof ArrayNode a ? a : run.putArray(field);
    }

    private static ObjectNode object(ObjectNode run, String field) {
        return run.get(field) instanceof ObjectNode o ? o : run.putObject(field);
    }

    private static void setArray(ObjectNode run, String field, List<String> values) {
        ArrayNode array = run.putArray(field);
        values.forEach(array::add);
    }
}
