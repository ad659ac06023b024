package dev.gantry.build.containerfile;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A secret the build makes available to {@code RUN --mount=type=secret,id=ID} steps, as
 * {@code --secret id=ID,src=FILE} or {@code --secret id=ID,env=VAR} (buildkit's syntax) give it: read from the
 * file or the environment variable only when a RUN mounts it. Its value is never part of a layer, a history
 * entry or a cache key.
 *
 * @param id     the id RUN mounts name
 * @param file   the file holding the value, or null when it comes from the environment
 * @param envVar the environment variable holding the value, or null when it comes from a file
 */
public record BuildSecret(String id, Path file, String envVar) {
    /**
     * Parses {@code id=ID,src=FILE}, {@code id=ID,source=FILE}, {@code id=ID,env=VAR} (optionally with
     * {@code type=file|env}). Nothing is read yet.
     *
     * @param spec the {@code --secret} value
     * @return the secret
     * @throws dev.gantry.error.InvalidInputException when an option is unknown, the type is neither file nor
     *         env, the id is missing, or not exactly one of src and env is given
     */
    public static BuildSecret parse(String spec) {
        String id = null;
        String src = null;
        String env = null;
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            switch (name) {
                case "id" -> id = value;
                case "src", "source" -> src = value;
                case "env" -> env = value;
                case "type" -> {
                    if (!value.equals("file") && !value.equals("env")) {
                        throw new InvalidInputException("--secret " + spec + ": type must be file or env, not '" + value + "'");
                    }
                }
                default -> throw new InvalidInputException("--secret " + spec + ": unknown option '" + name
                        + "'; give id=ID,src=FILE or id=ID,env=VAR");
            }
        }
        if (id == null || id.isEmpty() || (src == null) == (env == null)) {
            throw new InvalidInputException("--secret " + spec + ": give id=ID and exactly one of src=FILE or env=VAR");
        }
        return new BuildSecret(id, src == null ? null : Path.of(src), env);
    }

    /**
     * The secret's bytes, read now from its file or environment variable.
     *
     * @param environment where an {@code env=} secret is looked up (the process environment)
     * @return the value; an environment variable's as UTF-8
     * @throws dev.gantry.error.NotFoundException when the file is not a regular file, or the variable is not
     *         set
     * @throws IOException when the file cannot be read
     */
    public byte[] value(Map<String, String> environment) throws IOException {
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new NotFoundException("secret '" + id + "': " + file + " is not a readable file");
            }
            return Files.readAllBytes(file);
        }
        String value = environment.get(envVar);
        if (value == null) {
            throw new NotFoundException("secret '" + id + "': environment variable " + envVar + " is not set");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
