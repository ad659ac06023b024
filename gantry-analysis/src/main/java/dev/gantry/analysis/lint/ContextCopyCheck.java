package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.CopyInstruction;
import dev.gantry.dockerfile.Instruction;
import dev.gantry.dockerfile.RunInstruction;
import dev.gantry.dockerfile.Stage;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GL001: the whole build context copied ({@code COPY . .}) before a dependency install. Every
 * source edit then changes that layer, so the install after it reruns on every build. For
 * toolchains that fetch dependencies while compiling (go build, mvn package, cargo build) the
 * compile counts as the install unless the stage fetched them before the copy.
 */
final class ContextCopyCheck implements Check {
    /** A package ecosystem: how to recognise its install, and what to copy first. */
    private enum Ecosystem {
        NPM("package.json and package-lock.json (npm ci)"),
        YARN("package.json and yarn.lock"),
        PNPM("package.json and pnpm-lock.yaml"),
        PIP("requirements.txt (or pyproject.toml)"),
        POETRY("pyproject.toml and poetry.lock"),
        PIPENV("Pipfile and Pipfile.lock"),
        BUNDLER("Gemfile and Gemfile.lock"),
        COMPOSER("composer.json and composer.lock"),
        GO("go.mod and go.sum, then RUN go mod download"),
        MAVEN("pom.xml, then RUN mvn dependency:go-offline"),
        GRADLE("build.gradle(.kts) and settings.gradle, then RUN gradle dependencies"),
        CARGO("Cargo.toml and Cargo.lock, then RUN cargo fetch"),
        OS_PACKAGES("nothing: install OS packages before copying the sources");

        final String manifests;

        Ecosystem(String manifests) {
            this.manifests = manifests;
        }
    }

    @Override
    public void check(LintedFile file, List<Finding> out) {
        for (Stage stage : file.stages()) {
            Set<Ecosystem> prefetched = new HashSet<>();
            CopyInstruction contextCopy = null;
            for (Instruction instruction : stage.instructions()) {
                if (instruction instanceof CopyInstruction copy && contextCopy == null && copiesWholeContext(copy)) {
                    contextCopy = copy;
                } else if (instruction instanceof RunInstruction run) {
                    for (ShellScript.Command command : file.script(run).commands()) {
                        if (contextCopy == null) {
                            prefetch(command).ifPresent(prefetched::add);
                            continue;
                        }
                        Optional<Ecosystem> install = install(command, prefetched);
                        if (install.isPresent()) {
                            out.add(Rules.CONTEXT_COPIED_BEFORE_INSTALL.at(contextCopy.line(), contextCopy.source().text()
                                    + " copies the whole context before the install at line " + run.line() + " ("
                                    + String.join(" ", command.words()) + "): any source change reruns it; copy "
                                    + install.get().manifests + " first"));
                            contextCopy = null;
                            break;
                        }
                    }
                }
            }
        }
    }

    private static boolean copiesWholeContext(CopyInstruction copy) {
        return copy.from().isEmpty() && copy.sources().stream().anyMatch(s -> s.equals(".") || s.equals("./") || s.equals("*"));
    }

    /** A dependency download that is not the install itself but makes the later compile cache-safe. */
    private static Optional<Ecosystem> prefetch(ShellScript.Command c) {
        List<String> args = c.args();
        return switch (c.program()) {
            case "go" -> args.contains("mod") || args.contains("get") ? Optional.of(Ecosystem.GO) : Optional.empty();
            case "mvn", "mvnw" -> args.stream().anyMatch(a -> a.startsWith("dependency:")) ? Optional.of(Ecosystem.MAVEN) : Optional.empty();
            case "gradle", "gradlew" -> args.contains("dependencies") ? Optional.of(Ecosystem.GRADLE) : Optional.empty();
            case "cargo" -> args.contains("fetch") ? Optional.of(Ecosystem.CARGO) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<Ecosystem> install(ShellScript.Command c, Set<Ecosystem> prefetched) {
        String sub = c.subcommand();
        List<String> args = c.args();
        Ecosystem found = switch (c.program()) {
            case "npm" -> Set.of("install", "i", "ci").contains(sub) ? Ecosystem.NPM : null;
            case "yarn" -> sub.isEmpty() || sub.equals("install") ? Ecosystem.YARN : null;
            case "pnpm" -> Set.of("install", "i").contains(sub) ? Ecosystem.PNPM : null;
            case "pip", "pip3" -> sub.equals("install") ? Ecosystem.PIP : null;
            case "python", "python3" -> args.contains("pip") && args.contains("install") ? Ecosystem.PIP : null;
            case "poetry" -> sub.equals("install") ? Ecosystem.POETRY : null;
            case "pipenv" -> sub.equals("install") ? Ecosystem.PIPENV : null;
            case "bundle" -> sub.isEmpty() || sub.equals("install") ? Ecosystem.BUNDLER : null;
            case "composer" -> sub.equals("install") ? Ecosystem.COMPOSER : null;
            case "go" -> Set.of("build", "install", "test").contains(sub) || args.contains("download") ? Ecosystem.GO : null;
            case "mvn", "mvnw" -> args.stream().anyMatch(a -> Set.of("package", "install", "verify", "compile").contains(a)) ? Ecosystem.MAVEN : null;
            case "gradle", "gradlew" -> args.stream().anyMatch(a -> Set.of("build", "assemble", "bootJar", "installDist").contains(a))
                    ? Ecosystem.GRADLE : null;
            case "cargo" -> sub.equals("build") || sub.equals("install") ? Ecosystem.CARGO : null;
            case "apt-get", "apt", "yum", "dnf", "microdnf" -> sub.equals("install") ? Ecosystem.OS_PACKAGES : null;
            case "apk" -> sub.equals("add") ? Ecosystem.OS_PACKAGES : null;
            default -> null;
        };
        boolean compileOnly = found != null && Set.of(Ecosystem.GO, Ecosystem.MAVEN, Ecosystem.GRADLE, Ecosystem.CARGO).contains(found)
                && prefetched.contains(found);
        return compileOnly ? Optional.empty() : Optional.ofNullable(found);
    }
}
