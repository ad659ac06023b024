package dev.gantry.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables one Dockerfile line can see, with the builder's scoping rules. Immutable: each
 * ARG or ENV returns a new scope.
 *
 * <ul>
 *   <li>The global scope ({@link #global}) is for FROM lines: ARGs declared before the first
 *       FROM, plus the built-in platform ARGs ({@link #platformArgs}), which need no declaration.</li>
 *   <li>Each stage starts a fresh scope ({@link #stage}) holding only the base image's ENV. Inside
 *       it an ARG is visible from its declaration on; its value is the {@code --build-arg} value,
 *       else its own default, else (declared bare) the global ARG's value or the built-in.</li>
 *   <li>ENV always wins over an ARG of the same name; ENV values are expanded when declared.</li>
 * </ul>
 *
 * Use: {@code Variables g = Variables.global(buildArgs, Variables.platformArgs("linux/amd64", "linux/amd64"), '\\');
 * for each global ARG g = g.declare(name, default); String image = g.expand(from.image());
 * Variables s = g.stage(baseImageEnv); s = s.declare(...) / s.withEnv(...); s.expand(word)}.
 */
public final class Variables {
    private final Map<String, String> buildArgs;
    private final Map<String, String> builtins;
    private final Map<String, String> globals;
    private final Map<String, String> args;
    private final Map<String, String> env;
    private final boolean globalScope;
    private final char escape;

    private Variables(Map<String, String> buildArgs, Map<String, String> builtins, Map<String, String> globals,
                      Map<String, String> args, Map<String, String> env, boolean globalScope, char escape) {
        this.buildArgs = buildArgs;
        this.builtins = builtins;
        this.globals = globals;
        this.args = args;
        this.env = env;
        this.globalScope = globalScope;
        this.escape = escape;
    }

    /**
     * {@return the scope of FROM lines, before any global ARG is declared}
     *
     * @param buildArgs the {@code --build-arg} values, which override every ARG's default
     * @param builtins  ARGs that need no declaration in this scope, normally {@link #platformArgs}
     * @param escape    the file's escape character
     */
    public static Variables global(Map<String, String> buildArgs, Map<String, String> builtins, char escape) {
        return new Variables(Map.copyOf(buildArgs), Map.copyOf(builtins), Map.of(), Map.of(), Map.of(), true, escape);
    }

    /**
     * TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT and the BUILD* equivalents from
     * platforms written {@code os/arch[/variant]}.
     *
     * @param targetPlatform the platform being built for
     * @param buildPlatform  the platform the build runs on
     * @return the built-in ARGs with their values (a missing variant is "")
     */
    public static Map<String, String> platformArgs(String targetPlatform, String buildPlatform) {
        Map<String, String> builtins = new LinkedHashMap<>();
        put(builtins, "TARGET", targetPlatform);
        put(builtins, "BUILD", buildPlatform);
        return builtins;
    }

    private static void put(Map<String, String> builtins, String prefix, String platform) {
        String[] parts = platform.split("/");
        builtins.put(prefix + "PLATFORM", platform);
        builtins.put(prefix + "OS", parts[0]);
        builtins.put(prefix + "ARCH", parts.length > 1 ? parts[1] : "");
        builtins.put(prefix + "VARIANT", parts.length > 2 ? parts[2] : "");
    }

    /**
     * {@return a new stage's scope: the global ARG values stay available to bare {@code ARG NAME} declarations only}
     *
     * @param baseImageEnv the ENV of the stage's base image, which the stage starts with
     */
    public Variables stage(Map<String, String> baseImageEnv) {
        Map<String, String> visibleGlobals = globalScope ? args : globals;
        return new Variables(buildArgs, builtins, visibleGlobals, Map.of(), unmodifiable(new LinkedHashMap<>(baseImageEnv)), false, escape);
    }

    /**
     * {@return this scope with an ARG declared, its value resolved by the rules above}
     *
     * @param name         the argument's name
     * @param defaultValue its raw default (expanded in this scope), or null for none
     */
    public Variables declare(String name, String defaultValue) {
        String value;
        if (buildArgs.containsKey(name)) {
            value = buildArgs.get(name);
        } else if (defaultValue != null) {
            value = expand(defaultValue);
        } else if (!globalScope && globals.containsKey(name)) {
            value = globals.get(name);
        } else {
            value = builtins.get(name);
        }
        Map<String, String> next = new LinkedHashMap<>(args);
        next.put(name, value);
        return new Variables(buildArgs, builtins, globals, unmodifiable(next), env, globalScope, escape);
    }

    /**
     * {@return this scope with every name of an ARG instruction declared in order (a later default may use an earlier name)}
     *
     * @param arg the instruction
     */
    public Variables declare(ArgInstruction arg) {
        Variables scope = this;
        for (ArgInstruction.Declaration d : arg.declarations()) {
            scope = scope.declare(d.name(), d.defaultValue());
        }
        return scope;
    }

    /**
     * {@return this scope with an ENV variable set}
     *
     * @param name     the variable's name, already expanded
     * @param rawValue its raw value, expanded in the current scope first
     */
    public Variables withEnv(String name, String rawValue) {
        Map<String, String> next = new LinkedHashMap<>(env);
        next.put(name, expand(rawValue));
        return new Variables(buildArgs, builtins, globals, args, unmodifiable(next), globalScope, escape);
    }

    /**
     * {@return this scope with every pair of an ENV instruction applied in order}
     *
     * @param envInstruction the instruction (an ENV, not a LABEL)
     */
    public Variables withEnv(KeyValueInstruction envInstruction) {
        Variables scope = this;
        for (KeyValue kv : envInstruction.pairs()) {
            scope = scope.withEnv(expand(kv.key()), kv.value());
        }
        return scope;
    }

    /**
     * {@return a variable's value, or null when unset: ENV, then declared ARGs, then (global scope only) built-ins}
     *
     * @param name the variable's name
     */
    public String lookup(String name) {
        if (env.containsKey(name)) {
            return env.get(name);
        }
        if (args.containsKey(name)) {
            return args.get(name);
        }
        return globalScope ? builtins.get(name) : null;
    }

    /**
     * Expands one raw word in this scope ({@link Expander}'s rules).
     *
     * @param word a raw word, quotes and escapes as written
     * @return the expanded word, quotes removed
     * @throws dev.gantry.error.InvalidInputException for a failing {@code ${VAR:?message}} or a malformed {@code ${...}}
     */
    public String expand(String word) {
        return new Expander(escape, this::lookup).expand(word);
    }

    /**
     * Expands every word of an instruction's text; an unquoted word whose value holds blanks
     * becomes several words ({@code EXPOSE $PORTS}).
     *
     * @param text an instruction's raw arguments
     * @return the expanded words, in order
     */
    public List<String> expandWords(String text) {
        List<String> words = new ArrayList<>();
        for (String raw : Words.split(text, escape)) {
            String value = expand(raw);
            if (raw.indexOf('"') < 0 && raw.indexOf('\'') < 0) {
                for (String part : value.trim().split("\\s+")) {
                    if (!part.isEmpty()) {
                        words.add(part);
                    }
                }
            } else {
                words.add(value);
            }
        }
        return words;
    }

    /** {@return the ENV variables set so far, in order, for the image config} */
    public Map<String, String> env() {
        return env;
    }

    /** {@return the ARGs declared in this scope with their values (null when unset), for RUN's environment} */
    public Map<String, String> args() {
        return args;
    }

    private static Map<String, String> unmodifiable(Map<String, String> map) {
        return java.util.Collections.unmodifiableMap(map);
    }
}
