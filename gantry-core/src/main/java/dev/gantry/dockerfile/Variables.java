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

    /** The scope of FROM lines, before any global ARG is declared. */
    public static Variables global(Map<String, String> buildArgs, Map<String, String> builtins, char escape) {
        return new Variables(Map.copyOf(buildArgs), Map.copyOf(builtins), Map.of(), Map.of(), Map.of(), true, escape);
    }

    /**
     * TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT and the BUILD* equivalents from
     * platforms written {@code os/arch[/variant]}.
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

    /** A new stage's scope: the global ARG values stay available to bare {@code ARG NAME} declarations only. */
    public Variables stage(Map<String, String> baseImageEnv) {
        Map<String, String> visibleGlobals = globalScope ? args : globals;
        return new Variables(buildArgs, builtins, visibleGlobals, Map.of(), unmodifiable(new LinkedHashMap<>(baseImageEnv)), false, escape);
    }

    /** Declares an ARG ({@code defaultValue} raw, null for none), resolving its value by the rules above. */
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

    /** Declares every name of an ARG instruction in order (a later default may use an earlier name). */
    public Variables declare(ArgInstruction arg) {
        Variables scope = this;
        for (ArgInstruction.Declaration d : arg.declarations()) {
            scope = scope.declare(d.name(), d.defaultValue());
        }
        return scope;
    }

    /** Sets an ENV variable; {@code rawValue} is expanded in the current scope first. */
    public Variables withEnv(String name, String rawValue) {
        Map<String, String> next = new LinkedHashMap<>(env);
        next.put(name, expand(rawValue));
        return new Variables(buildArgs, builtins, globals, args, unmodifiable(next), globalScope, escape);
    }

    /** Applies every pair of an ENV instruction in order. */
    public Variables withEnv(KeyValueInstruction envInstruction) {
        Variables scope = this;
        for (KeyValue kv : envInstruction.pairs()) {
            scope = scope.withEnv(expand(kv.key()), kv.value());
        }
        return scope;
    }

    /** A variable's value, or null when unset: ENV, then declared ARGs, then (global scope only) built-ins. */
    public String lookup(String name) {
        if (env.containsKey(name)) {
            return env.get(name);
        }
        if (args.containsKey(name)) {
            return args.get(name);
        }
        return globalScope ? builtins.get(name) : null;
    }

    public String expand(String word) {
        return new Expander(escape, this::lookup).expand(word);
    }

    /**
     * Expands every word of an instruction's text; an unquoted word whose value holds blanks
     * becomes several words ({@code EXPOSE $PORTS}).
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

    /** The ENV variables set so far, in order, for the image config. */
    public Map<String, String> env() {
        return env;
    }

    /** The ARGs declared in this scope with their values (null when unset), for RUN's environment. */
    public Map<String, String> args() {
        return args;
    }

    private static Map<String, String> unmodifiable(Map<String, String> map) {
        return java.util.Collections.unmodifiableMap(map);
    }
}
