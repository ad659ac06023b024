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
 * One change to an image's run config (the config's {@code config} object), with the Dockerfile-style text that
 * history entries record ({@code ENV A=1}). The change edits the JSON tree in place, so fields it does not name
 * are untouched.
 *
 * @param description the change as a Dockerfile instruction, for history entries
 * @param change      the edit of the run config object
 */
public record ConfigEdit(String description, Consumer<ObjectNode> change) {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:/(tcp|udp|sctp))?");

    /**
     * Applies the edit to a whole image config.
     *
     * @param imageConfig the config's JSON tree; its {@code config} object is created when absent
     */
    public void applyTo(ObjectNode imageConfig) {
        ObjectNode run = imageConfig.get("config") instanceof ObjectNode o ? o : imageConfig.putObject("config");
        change.accept(run);
    }

    /**
     * Sets or replaces {@code name} in Env, keeping the order of the others.
     *
     * @param name  the variable's name: a letter or {@code _}, then letters, digits, {@code _}, {@code .} and
     *              {@code -}
     * @param value its value, possibly empty
     * @return the edit
     * @throws dev.gantry.error.InvalidInputException when the name is not valid
     */
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

    /**
     * Parses {@code K=V} (a value may be empty and may hold '=') into an Env edit.
     *
     * @param assignment {@code NAME=VALUE}
     * @return the edit
     * @throws dev.gantry.error.InvalidInputException when there is no {@code =} after a name, or the name is
     *         not valid
     */
    public static ConfigEdit env(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new InvalidInputException("--env '" + assignment + "' must be NAME=VALUE");
        }
        return env(assignment.substring(0, eq), assignment.substring(eq + 1));
    }

    /**
     * Sets Entrypoint (exec form) and, as Docker does, drops the Cmd inherited from the base.
     *
     * @param argv the program and its arguments
     * @return the edit
     */
    public static ConfigEdit entrypoint(List<String> argv) {
        return new ConfigEdit("ENTRYPOINT " + Json.mapper().valueToTree(argv), run -> {
            setArray(run, "Entrypoint", argv);
            // Docker drops an inherited CMD when ENTRYPOINT changes; a CMD given in the same step is set after this.
            run.remove("Cmd");
        });
    }

    /**
     * Sets Cmd (exec form).
     *
     * @param argv the command and its arguments, or the arguments to the Entrypoint
     * @return the edit
     */
    public static ConfigEdit cmd(List<String> argv) {
        return new ConfigEdit("CMD " + Json.mapper().valueToTree(argv), run -> setArray(run, "Cmd", argv));
    }

    /**
     * Sets Shell, the command that runs shell-form instructions and commands.
     *
     * @param argv e.g. {@code ["/bin/bash", "-c"]}
     * @return the edit
     */
    public static ConfigEdit shell(List<String> argv) {
        return new ConfigEdit("SHELL " + Json.mapper().valueToTree(argv), run -> setArray(run, "Shell", argv));
    }

    /**
     * Sets WorkingDir; a relative directory is taken from the current one, as WORKDIR does.
     *
     * @param dir an absolute or relative directory
     * @return the edit
     */
    public static ConfigEdit workdir(String dir) {
        return new ConfigEdit("WORKDIR " + dir, run -> {
            String current = run.path("WorkingDir").asText("");
            String base = current.isEmpty() ? "/" : current;
            run.put("WorkingDir", Path.of(base).resolve(dir).normalize().toString());
        });
    }

    /**
     * Sets User, as it is given (names are resolved when a container starts).
     *
     * @param user {@code user[:group]} by name or id
     * @return the edit
     */
    public static ConfigEdit user(String user) {
        return new ConfigEdit("USER " + user, run -> run.put("User", user));
    }

    /**
     * Sets one label, replacing a label of that key.
     *
     * @param key   the label key
     * @param value its value
     * @return the edit
     */
    public static ConfigEdit label(String key, String value) {
        return new ConfigEdit("LABEL " + key + "=" + value, run -> object(run, "Labels").put(key, value));
    }

    /**
     * Adds an ExposedPorts entry.
     *
     * @param port {@code 80}, {@code 80/tcp}, {@code 53/udp} or {@code 132/sctp}; tcp when no protocol is named
     * @return the edit
     * @throws dev.gantry.error.InvalidInputException when the port is not of that form or above 65535
     */
    public static ConfigEdit expose(String port) {
        var m = PORT.matcher(port);
        if (!m.matches() || Integer.parseInt(m.group(1)) > 65535) {
            throw new InvalidInputException("port '" + port + "' must be PORT[/tcp|udp|sctp] with PORT up to 65535");
        }
        String key = m.group(1) + "/" + (m.group(2) == null ? "tcp" : m.group(2));
        return new ConfigEdit("EXPOSE " + key, run -> object(run, "ExposedPorts").putObject(key));
    }

    /**
     * Adds a Volumes entry.
     *
     * @param path the mount point in the container
     * @return the edit
     */
    public static ConfigEdit volume(String path) {
        return new ConfigEdit("VOLUME " + path, run -> object(run, "Volumes").putObject(path));
    }

    /**
     * Sets StopSignal, the signal that asks the container to stop.
     *
     * @param signal e.g. {@code SIGTERM} or {@code 15}
     * @return the edit
     */
    public static ConfigEdit stopSignal(String signal) {
        return new ConfigEdit("STOPSIGNAL " + signal, run -> run.put("StopSignal", signal));
    }

    /**
     * Sets Healthcheck (a copy of the given object).
     *
     * @param description the instruction's arguments as written, for history
     * @param healthcheck Docker's Healthcheck object (Test, Interval, Timeout, StartPeriod, Retries)
     * @return the edit
     */
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
