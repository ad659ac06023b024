package dev.gantry.analysis.secrets;

import dev.gantry.error.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Findings a user has accepted. The file has one entry per line, {@code #} starts a comment:
 * <pre>
 * rule:generic-password          # a rule id, everywhere
 * path:usr/share/doc/**          # a path glob (see {@link Glob}); config findings have paths like config/Env
 * fingerprint:3f1a9c0d5e7b2468   # one secret value, as printed with each finding
 * </pre>
 *
 * @param ruleIds      rule ids whose findings are all accepted
 * @param paths        globs of paths whose findings are accepted
 * @param fingerprints fingerprints (16 lower-case hex digits) of accepted secret values
 */
public record AllowList(Set<String> ruleIds, List<Glob> paths, Set<String> fingerprints) {
    /** Accepts nothing: every finding is reported. */
    public static final AllowList NONE = new AllowList(Set.of(), List.of(), Set.of());

    /**
     * Reads an allow-list file (UTF-8).
     *
     * @param file the file
     * @return its entries
     * @throws dev.gantry.error.InvalidInputException when a line is not {@code rule:ID}, {@code path:GLOB} or
     *         {@code fingerprint:HEX}, or has no value; the message names the file and line
     * @throws IOException when the file cannot be read
     */
    public static AllowList read(Path file) throws IOException {
        Set<String> rules = new HashSet<>();
        List<Glob> paths = new ArrayList<>();
        Set<String> fingerprints = new HashSet<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("(^|\\s)#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            String kind = colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            switch (kind) {
                case "rule" -> rules.add(value);
                case "path" -> paths.add(Glob.of(value));
                case "fingerprint" -> fingerprints.add(value.toLowerCase(Locale.ROOT));
                default -> throw new InvalidInputException(file + " line " + (i + 1) + ": '" + lines.get(i).strip()
                        + "' is not an allow-list entry: write rule:ID, path:GLOB or fingerprint:HEX");
            }
            if (value.isEmpty()) {
                throw new InvalidInputException(file + " line " + (i + 1) + ": " + kind + ": needs a value");
            }
        }
        return new AllowList(Set.copyOf(rules), List.copyOf(paths), Set.copyOf(fingerprints));
    }

    /**
     * Whether the user accepted this finding, by its rule, its fingerprint or its path.
     *
     * @param f a finding
     * @return true when it is not to be reported
     */
    public boolean allows(SecretFinding f) {
        return ruleIds.contains(f.rule()) || fingerprints.contains(f.fingerprint())
                || paths.stream().anyMatch(g -> g.matches(f.path()));
    }
}
