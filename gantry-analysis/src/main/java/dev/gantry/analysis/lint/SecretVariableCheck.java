package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.ArgInstruction;
import dev.gantry.dockerfile.Instruction;
import dev.gantry.dockerfile.KeyValue;
import dev.gantry.dockerfile.KeyValueInstruction;
import dev.gantry.dockerfile.Stage;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GL027: a secret-named ARG or ENV in a shipped stage. ENV values are stored in the image
 * config; ARG values show up in the history of every RUN that follows them.
 */
final class SecretVariableCheck implements Check {
    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pword", "secret", "token", "apikey",
            "credential", "credentials", "passphrase");
    private static final Set<String> SECRET_PAIRS = Set.of("api_key", "access_key", "private_key", "secret_key", "auth_key");

    @Override
    public void check(LintedFile file, List<Finding> out) {
        for (Stage stage : file.shipped()) {
            for (Instruction instruction : stage.instructions()) {
                if (instruction instanceof ArgInstruction arg) {
                    arg.declarations().stream().filter(d -> secret(d.name())).forEach(d -> out.add(Rules.SECRET_IN_ARG_OR_ENV.at(arg.line(),
                            "ARG " + d.name() + " looks like a secret: its value is recorded in the history of every later RUN")));
                } else if (instruction instanceof KeyValueInstruction env && env.keyword().equals("ENV")) {
                    env.pairs().stream().map(KeyValue::key).filter(SecretVariableCheck::secret).forEach(key -> out.add(
                            Rules.SECRET_IN_ARG_OR_ENV.at(env.line(), "ENV " + key + " looks like a secret: its value is stored in the image config")));
                }
            }
        }
    }

    /**
     * The name ends in a secret word (NPM_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY); a secret word
     * followed by more (TOKEN_URL, PASSWORD_FILE) names something about a secret, not the secret.
     */
    static boolean secret(String name) {
        String[] words = name.toLowerCase(Locale.ROOT).split("[_.-]");
        int n = words.length;
        return SECRET_WORDS.contains(words[n - 1]) || (n >= 2 && SECRET_PAIRS.contains(words[n - 2] + "_" + words[n - 1]));
    }
}
