package dev.gantry.analysis.secrets;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rule set: {@code secret-rules.json} beside this class, a readable list of rules plus {@code allowValues},
 * public example secrets (AWS's documented example keys and the like) that are never reported wherever they
 * appear.
 *
 * @param rules       the rules in file order, which decides which rule reports a secret several match
 * @param allowValues values never reported
 */
public record SecretRules(List<SecretRule> rules, Set<String> allowValues) {
    /** The name of the bundled rule file, a class-path resource beside this class. */
    public static final String RESOURCE = "secret-rules.json";

    @JsonIgnoreProperties("comment")
    record FileForm(List<RuleForm> rules, List<String> allowValues) {
    }

    @JsonIgnoreProperties("comment")
    record RuleForm(String id, String description, String severity, List<String> paths, String regex,
                    List<String> keywords, String ignore) {
    }

    /**
     * The rules shipped with Gantry.
     *
     * @return the bundled rule set
     * @throws IllegalStateException when the resource is missing from the class path
     */
    public static SecretRules defaults() {
        try (InputStream in = SecretRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            return parse(in.readAllBytes(), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a rule file of the bundled file's form (fields named {@code comment} are ignored). Regexes are
     * compiled with {@link Pattern#MULTILINE}.
     *
     * @param json the file's bytes
     * @param what names the file in errors
     * @return the rule set
     * @throws dev.gantry.error.InvalidInputException when the JSON is malformed, an id is missing or repeated,
     *         a rule has neither regex nor paths, a severity is unknown, or a regex does not compile
     */
    public static SecretRules parse(byte[] json, String what) {
        FileForm form = Json.parse(json, FileForm.class, what);
        List<SecretRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RuleForm r : form.rules()) {
            if (r.id() == null || !ids.add(r.id())) {
                throw new InvalidInputException(what + ": rule id missing or repeated: " + r.id());
            }
            List<String> paths = r.paths() == null ? List.of() : r.paths();
            if (r.regex() == null && paths.isEmpty()) {
                throw new InvalidInputException(what + ": rule " + r.id() + " needs a regex, paths, or both");
            }
            rules.add(new SecretRule(r.id(), r.description(), Severity.parse(r.severity()),
                    paths.stream().map(Glob::of).toList(), compile(r.regex(), r.id(), what),
                    r.keywords() == null ? List.of() : r.keywords(), compile(r.ignore(), r.id(), what)));
        }
        return new SecretRules(List.copyOf(rules), Set.copyOf(form.allowValues() == null ? List.of() : form.allowValues()));
    }

    private static Pattern compile(String regex, String id, String what) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw new InvalidInputException(what + ": rule " + id + " has a bad regex: " + e.getDescription());
        }
    }
}
