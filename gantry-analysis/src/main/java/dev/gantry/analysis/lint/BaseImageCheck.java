package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.CopyInstruction;
import dev.gantry.dockerfile.RunInstruction;
import dev.gantry.dockerfile.Stage;
import dev.gantry.error.InvalidInputException;
import dev.gantry.ref.Reference;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * FROM lines and stages: untagged or latest bases (GL009, GL010), a toolchain image as what
 * ships (GL008), duplicate stage names (GL025), COPY --from naming no earlier stage (GL026).
 */
final class BaseImageCheck implements Check {
    /** Images that are compilers or SDKs whatever their tag (and mcr.microsoft.com/dotnet/sdk). */
    private static final Set<String> TOOLCHAINS = Set.of("golang", "rust", "gcc", "maven", "gradle", "buildpack-deps", "swift", "haskell", "elixir", "clojure", "sbt");
    /** Java images that are JDKs unless the tag says jre. */
    private static final Set<String> JDKS = Set.of("openjdk", "eclipse-temurin", "amazoncorretto", "sapmachine", "ibmjava");
    private static final Set<String> JS_BUILDS = Set.of("build", "compile", "dist");

    @Override
    public void check(LintedFile file, List<Finding> out) {
        Map<String, Integer> names = new HashMap<>();
        for (Stage stage : file.stages()) {
            tag(file, stage, out);
            stage.name().ifPresent(name -> {
                Integer first = names.putIfAbsent(name, stage.from().line());
                if (first != null) {
                    out.add(Rules.DUPLICATE_STAGE.at(stage.from().line(), "stage name '" + name + "' was already used by the FROM at line "
                            + first + "; COPY --from=" + name + " would be ambiguous"));
                }
            });
            for (CopyInstruction copy : stage.all(CopyInstruction.class)) {
                copy.from().ifPresent(from -> copyFrom(file, stage, copy, from, out));
            }
        }
        toolchain(file, out);
    }

    private void tag(LintedFile file, Stage stage, List<Finding> out) {
        Optional<String> image = file.image(stage);
        Optional<Reference> parsed = image.flatMap(BaseImageCheck::reference);
        if (parsed.isEmpty() || image.get().equalsIgnoreCase("scratch") || file.parent(stage).isPresent()) {
            return;
        }
        Reference reference = parsed.get();
        if (reference.digest() != null) {
            return;
        }
        int line = stage.from().line();
        if (reference.tag() == null) {
            out.add(Rules.UNTAGGED_BASE.at(line, "FROM " + image.get() + " has no tag, so it means :latest"));
        } else if (reference.tag().equals("latest")) {
            out.add(Rules.LATEST_BASE.at(line, "FROM " + image.get() + " follows whatever latest is on the day of the build"));
        }
    }

    private void copyFrom(LintedFile file, Stage stage, CopyInstruction copy, String from, List<Finding> out) {
        if (from.contains("$")) {
            return;
        }
        boolean earlier = file.stages().stream().anyMatch(s -> s.index() < stage.index()
                && (s.name().filter(from::equalsIgnoreCase).isPresent() || from.equals(String.valueOf(s.index()))));
        boolean looksLikeImage = from.contains("/") || from.contains(":") || from.contains("@") || from.contains(".");
        if (earlier || looksLikeImage) {
            return;
        }
        boolean own = stage.name().filter(from::equalsIgnoreCase).isPresent() || from.equals(String.valueOf(stage.index()));
        out.add(Rules.UNKNOWN_STAGE.at(copy.line(), own
                ? "COPY --from=" + from + " names the stage it is in"
                : "COPY --from=" + from + " names no stage defined above it, so it would pull an image called " + from));
    }

    private void toolchain(LintedFile file, List<Finding> out) {
        Stage last = file.dockerfile().finalStage();
        Optional<String> image = file.rootImage(last);
        Optional<Reference> parsed = image.flatMap(BaseImageCheck::reference);
        if (parsed.isEmpty()) {
            return;
        }
        Reference reference = parsed.get();
        String path = reference.path().toLowerCase(Locale.ROOT);
        String repo = path.startsWith("library/") ? path.substring("library/".length()) : path;
        String name = repo.substring(repo.lastIndexOf('/') + 1);
        String tag = reference.tag() == null ? "" : reference.tag().toLowerCase(Locale.ROOT);
        boolean toolchain = TOOLCHAINS.contains(name) || repo.endsWith("dotnet/sdk")
                || (JDKS.contains(name) && !tag.contains("jre"))
                || (name.equals("node") && buildsJavaScript(file, last));
        if (!toolchain) {
            return;
        }
        String shape = file.stages().size() == 1 ? "a single-stage build" : "the final stage";
        out.add(Rules.TOOLCHAIN_FINAL_STAGE.at(last.from().line(), shape + " ships " + image.get()
                + ", a build toolchain (compilers, SDK, caches: hundreds of MB) the program does not need to run"));
    }

    /** The image as a reference; empty when it is not one (a typo is for the build to report, not the linter). */
    private static Optional<Reference> reference(String image) {
        try {
            return Optional.of(Reference.parse(image));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static boolean buildsJavaScript(LintedFile file, Stage stage) {
        for (RunInstruction run : stage.all(RunInstruction.class)) {
            for (ShellScript.Command c : file.script(run).calls("npm", "yarn", "pnpm", "npx", "tsc", "ng", "webpack")) {
                List<String> args = c.args();
                boolean build = Set.of("tsc", "ng", "webpack").contains(c.program())
                        || args.stream().anyMatch(JS_BUILDS::contains);
                if (build) {
                    return true;
                }
            }
        }
        return false;
    }
}
