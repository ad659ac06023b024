package dev.gantry.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.build.ConfigEdit;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The run-config flags that {@code image create} and {@code mutate} share, turned into {@link ConfigEdit}s. */
public final class ConfigFlagsMixin {
    @Option(names = "--entrypoint", paramLabel = "ARGV",
            description = "entrypoint: a JSON array ('[\"/app\",\"--serve\"]') or words split at spaces; \"\" clears it")
    String entrypoint;

    @Option(names = "--cmd", paramLabel = "ARGV", description = "default arguments, in the same forms as --entrypoint")
    String cmd;

    @Option(names = "--env", paramLabel = "K=V", description = "set an environment variable (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--workdir", paramLabel = "DIR", description = "working directory")
    String workdir;

    @Option(names = "--user", paramLabel = "USER[:GROUP]", description = "user the process runs as")
    String user;

    @Option(names = "--label", paramLabel = "K=V", description = "config label (repeatable)")
    List<String> labels = new ArrayList<>();

    @Option(names = "--expose", paramLabel = "PORT[/PROTO]", description = "exposed port, tcp unless named (repeatable)")
    List<String> expose = new ArrayList<>();

    /** The edits in a fixed order (entrypoint before cmd, since a new entrypoint drops an inherited cmd). */
    List<ConfigEdit> edits() {
        List<ConfigEdit> edits = new ArrayList<>();
        if (entrypoint != null) {
            edits.add(ConfigEdit.entrypoint(argv(entrypoint, "--entrypoint")));
        }
        if (cmd != null) {
            edits.add(ConfigEdit.cmd(argv(cmd, "--cmd")));
        }
        env.forEach(e -> edits.add(ConfigEdit.env(e)));
        if (workdir != null) {
            edits.add(ConfigEdit.workdir(workdir));
        }
        if (user != null) {
            edits.add(ConfigEdit.user(user));
        }
        for (String label : labels) {
            String[] kv = keyValue(label, "--label");
            edits.add(ConfigEdit.label(kv[0], kv[1]));
        }
        expose.forEach(p -> edits.add(ConfigEdit.expose(p)));
        return edits;
    }

    static String[] keyValue(String text, String flag) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new InvalidInputException(flag + " '" + text + "' must be KEY=VALUE");
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }

    static List<String> argv(String text, String flag) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        if (!trimmed.startsWith("[")) {
            return Arrays.asList(trimmed.split("\\s+"));
        }
        JsonNode array;
        try {
            array = Json.mapper().readTree(trimmed);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(flag + " '" + text + "' is not a JSON array of strings: " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                throw new InvalidInputException(flag + " '" + text + "' must hold only strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
