package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.ArgInstruction;
import dev.gantry.dockerfile.Dockerfile;
import dev.gantry.dockerfile.RunInstruction;
import dev.gantry.dockerfile.Stage;
import dev.gantry.dockerfile.Variables;
import dev.gantry.error.InvalidInputException;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Dockerfile with what several checks ask: each RUN's shell commands, base images
 * with global ARG defaults filled in, which stage a FROM builds on, and which stages ship.
 */
final class LintedFile {
    private final Dockerfile dockerfile;
    private final Map<RunInstruction, ShellScript> scripts = new IdentityHashMap<>();
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_]\\w*)}|([A-Za-z_]\\w*))");

    private final Variables globals;

    LintedFile(Dockerfile dockerfile) {
        this.dockerfile = dockerfile;
        Variables scope = Variables.global(Map.of(), Variables.platformArgs("linux/amd64", "linux/amd64"), dockerfile.escape());
        for (ArgInstruction arg : dockerfile.globalArgs()) {
            try {
                scope = scope.declare(arg);
            } catch (InvalidInputException e) {
                // A default that cannot be expanded without build args: leave that ARG unset.
            }
        }
        this.globals = scope;
    }

    Dockerfile dockerfile() {
        return dockerfile;
    }

    List<Stage> stages() {
        return dockerfile.stages();
    }

    ShellScript script(RunInstruction run) {
        return scripts.computeIfAbsent(run, ShellScript::of);
    }

    /** The stage's FROM image with global ARG defaults expanded; empty when a variable has no default. */
    Optional<String> image(Stage stage) {
        String raw = stage.baseImage();
        try {
            String expanded = globals.expand(raw);
            return expanded.isEmpty() || expanded.endsWith(":") || unresolvedVariable(raw) ? Optional.empty() : Optional.of(expanded);
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private boolean unresolvedVariable(String raw) {
        Matcher m = VARIABLE.matcher(raw);
        while (m.find()) {
            // Only plain $X and ${X}: ${X:-default} has a value even when X is unset.
            if (globals.lookup(m.group(1) != null ? m.group(1) : m.group(2)) == null) {
                return true;
            }
        }
        return false;
    }

    /** The earlier stage this stage's FROM names, if it builds on one rather than on an image. */
    Optional<Stage> parent(Stage stage) {
        return image(stage).flatMap(name -> dockerfile.stages().stream()
                .filter(s -> s.index() < stage.index() && s.name().filter(name::equalsIgnoreCase).isPresent())
                .findFirst());
    }

    /** The final stage and the stages it builds on: what ends up in the image. */
    List<Stage> shipped() {
        List<Stage> chain = new ArrayList<>();
        Optional<Stage> stage = Optional.of(dockerfile.finalStage());
        while (stage.isPresent()) {
            chain.add(stage.get());
            stage = parent(stage.get());
        }
        return chain;
    }

    /** The external image the stage ultimately builds on, following FROM stage references. */
    Optional<String> rootImage(Stage stage) {
        Optional<Stage> parent = parent(stage);
        return parent.isPresent() ? rootImage(parent.get()) : image(stage);
    }
}
