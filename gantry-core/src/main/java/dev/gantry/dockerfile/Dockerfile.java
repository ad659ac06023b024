package dev.gantry.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Dockerfile/Containerfile (see {@link DockerfileParser}).
 *
 * @param name       what the file was called, for messages
 * @param directives parser directives from the top of the file ({@code syntax}, {@code escape},
 *                   {@code check}), names lower-cased
 * @param escape     the escape character: {@code \} or, with {@code # escape=`}, a backtick
 * @param globalArgs ARGs before the first FROM: visible to FROM lines only (see {@link Variables})
 * @param stages     the stages in order; never empty
 * @param comments   every comment line outside heredoc bodies, directives excluded
 */
public record Dockerfile(String name, Map<String, String> directives, char escape, List<ArgInstruction> globalArgs,
                         List<Stage> stages, List<Comment> comments) {
    /** Keeps immutable copies of the collections. */
    public Dockerfile {
        directives = Map.copyOf(directives);
        globalArgs = List.copyOf(globalArgs);
        stages = List.copyOf(stages);
        comments = List.copyOf(comments);
    }

    /** {@return every instruction in file order, global ARGs and FROMs included} */
    public List<Instruction> instructions() {
        List<Instruction> all = new ArrayList<>(globalArgs);
        for (Stage stage : stages) {
            all.add(stage.from());
            all.addAll(stage.instructions());
        }
        return all;
    }

    /**
     * {@return the stage {@code COPY --from=X} or {@code FROM X} means: by name (case-insensitive) or by
     * index; empty when {@code X} is not a stage (it is then an image)}
     *
     * @param nameOrIndex the stage name or 0-based index as written
     */
    public Optional<Stage> stage(String nameOrIndex) {
        for (Stage stage : stages) {
            if (stage.name().filter(n -> n.equalsIgnoreCase(nameOrIndex)).isPresent()) {
                return Optional.of(stage);
            }
        }
        if (nameOrIndex.matches("\\d{1,9}")) {
            int index = Integer.parseInt(nameOrIndex);
            if (index < stages.size()) {
                return Optional.of(stages.get(index));
            }
        }
        return Optional.empty();
    }

    /** {@return the last stage, which a build produces unless told a target} */
    public Stage finalStage() {
        return stages.getLast();
    }
}
