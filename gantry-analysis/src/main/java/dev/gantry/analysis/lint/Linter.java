package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.Comment;
import dev.gantry.dockerfile.Dockerfile;
import dev.gantry.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lints a parsed Dockerfile with every {@link Rules rule}, then drops ignored findings: ids
 * given by the caller ({@code --ignore}), {@code # gantry-lint ignore=GL003,GL014} in the comment
 * lines right above an instruction (hadolint's {@code # hadolint ignore=DL3009} works too, by
 * its id), and {@code # gantry-lint global ignore=...} anywhere for the whole file.
 */
public final class Linter {
    private static final Pattern IGNORE = Pattern.compile("^(?:gantry-lint|hadolint)\\s+(global\\s+)?ignore\\s*=\\s*([\\w\\s,]+)$");
    private static final List<Check> CHECKS = List.of(new ContextCopyCheck(), new SecretCopyCheck(), new SecretVariableCheck(), new PackageCheck(),
            new BaseImageCheck(), new InstructionCheck(), new ShellCheck());

    private final Set<String> ignored;

    /**
     * A linter that never reports the given rules.
     *
     * @param ignored rule ids (GLnnn, or the hadolint DLnnnn they match), any case; may be empty
     * @throws dev.gantry.error.InvalidInputException when an id names no rule
     */
    public Linter(Set<String> ignored) {
        this.ignored = new HashSet<>();
        for (String id : ignored) {
            this.ignored.add(rule(id, "--ignore"));
        }
    }

    /**
     * Lints a parsed Dockerfile with every rule, then drops the findings ignored by the constructor's ids, by
     * {@code # gantry-lint ignore=...} or {@code # hadolint ignore=...} in the comment lines right above an
     * instruction, and by {@code # gantry-lint global ignore=...} anywhere. Ignore comments naming ids this
     * linter lacks are passed over.
     *
     * @param dockerfile the parsed file; its name becomes the report's file
     * @return the findings kept, by line then id
     */
    public LintReport lint(Dockerfile dockerfile) {
        LintedFile file = new LintedFile(dockerfile);
        List<Finding> found = new ArrayList<>();
        for (Check check : CHECKS) {
            check.check(file, found);
        }
        Set<String> global = new HashSet<>(ignored);
        Map<Integer, Set<String>> byLine = new HashMap<>();
        for (Comment comment : dockerfile.comments()) {
            Set<String> ids = byLine.computeIfAbsent(comment.line(), l -> new HashSet<>());
            Matcher m = IGNORE.matcher(comment.text());
            if (m.matches()) {
                // Hadolint ids this linter has no rule for (DL3008...) are skipped, so shared files keep working.
                for (String id : m.group(2).split("[,\\s]+")) {
                    Rules.byId(id).ifPresent(rule -> (m.group(1) != null ? global : ids).add(rule.id()));
                }
            }
        }
        List<Finding> kept = found.stream()
                .filter(f -> !global.contains(f.id()) && !ignoredAbove(f, byLine))
                .sorted(Comparator.comparingInt(Finding::line).thenComparing(Finding::id))
                .distinct()
                .toList();
        return new LintReport(dockerfile.name(), kept);
    }

    /** Whether an ignore comment in the block of comment lines right above the finding's line names its rule; byLine has every comment line. */
    private static boolean ignoredAbove(Finding finding, Map<Integer, Set<String>> byLine) {
        for (int line = finding.line() - 1; byLine.containsKey(line); line--) {
            if (byLine.get(line).contains(finding.id())) {
                return true;
            }
        }
        return false;
    }

    private static String rule(String id, String where) {
        return Rules.byId(id.strip()).map(Rule::id).orElseThrow(() -> new InvalidInputException(where + ": unknown lint rule '"
                + id.strip() + "': ids are GL001-GL" + Rules.ALL.getLast().id().substring(2) + " or their hadolint DL ids"));
    }
}
