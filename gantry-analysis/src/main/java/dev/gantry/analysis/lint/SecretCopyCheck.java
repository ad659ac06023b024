package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.CopyInstruction;
import dev.gantry.dockerfile.Instruction;
import dev.gantry.dockerfile.RunInstruction;
import dev.gantry.dockerfile.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GL002: a secret-looking file COPY/ADDed and deleted by a later RUN of the shipped stages.
 * The deletion only adds a whiteout in a new layer; the file stays readable in the layer that
 * added it (`gantry secrets` finds it there). Stages that do not ship are left alone.
 */
final class SecretCopyCheck implements Check {
    private static final Pattern SECRET_NAME = Pattern.compile(
            "id_(rsa|dsa|ecdsa|ed25519)|\\.env(\\.(?!example$|sample$|template$)[\\w.-]+)?|.*\\.(pem|key|p12|pfx|jks|keystore)"
                    + "|credentials(\\.json)?|\\.npmrc|\\.pypirc|\\.netrc|\\.git-credentials|\\.dockercfg|kubeconfig|.*\\.kubeconfig"
                    + "|\\.htpasswd|secrets?\\.(json|ya?ml|txt|env)");
    private static final Set<String> DELETERS = Set.of("rm", "shred", "unlink");

    private record Copied(CopyInstruction copy, String name, String path) {
    }

    @Override
    public void check(LintedFile file, List<Finding> out) {
        List<Stage> chain = new ArrayList<>(file.shipped()).reversed();
        List<Copied> copied = new ArrayList<>();
        for (Stage stage : chain) {
            for (Instruction instruction : stage.instructions()) {
                if (instruction instanceof CopyInstruction copy && copy.from().isEmpty()) {
                    for (String source : copy.sources()) {
                        String name = source.substring(source.lastIndexOf('/') + 1).replaceAll("[\"']", "");
                        if (SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
                            String dest = copy.destination();
                            copied.add(new Copied(copy, name, dest.endsWith("/") ? dest + name : dest));
                        }
                    }
                } else if (instruction instanceof RunInstruction run) {
                    deleted(file.script(run), run, copied, out);
                }
            }
        }
    }

    private static void deleted(ShellScript script, RunInstruction run, List<Copied> copied, List<Finding> out) {
        for (ShellScript.Command rm : script.calls(DELETERS.toArray(String[]::new))) {
            for (String target : rm.args()) {
                if (target.startsWith("-")) {
                    continue;
                }
                String trimmed = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
                for (Copied c : List.copyOf(copied)) {
                    boolean same = trimmed.equals(c.path()) || trimmed.substring(trimmed.lastIndexOf('/') + 1).equals(c.name())
                            || (!trimmed.isEmpty() && c.path().startsWith(trimmed + "/"));
                    if (same) {
                        out.add(Rules.SECRET_COPIED_THEN_REMOVED.at(c.copy().line(), c.name() + " is added at line " + c.copy().line()
                                + " and deleted at line " + run.line() + ", but it stays in the layer of line " + c.copy().line()
                                + ": anyone who pulls the image can extract it"));
                        copied.remove(c);
                    }
                }
            }
        }
    }
}
