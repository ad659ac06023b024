package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.CommandInstruction;
import dev.gantry.dockerfile.Instruction;
import dev.gantry.dockerfile.RunInstruction;
import dev.gantry.dockerfile.Stage;

import java.util.List;
import java.util.Set;

/** How RUN uses the shell: cd (GL014), sudo (GL016), curl | sh (GL021), pipes without pipefail (GL023). */
final class ShellCheck implements Check {
    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh", "ksh");
    private static final Set<String> NON_POSIX_SHELLS = Set.of("pwsh", "powershell", "powershell.exe", "cmd", "cmd.exe");

    @Override
    public void check(LintedFile file, List<Finding> out) {
        for (Stage stage : file.stages()) {
            boolean pipefail = false;
            boolean posix = true;
            for (Instruction instruction : stage.instructions()) {
                if (instruction instanceof CommandInstruction shell && shell.keyword().equals("SHELL")) {
                    List<String> exec = shell.command().exec();
                    pipefail = exec.contains("pipefail");
                    posix = !NON_POSIX_SHELLS.contains(new ShellScript.Command(exec).program().toLowerCase(java.util.Locale.ROOT));
                } else if (instruction instanceof RunInstruction run) {
                    check(run, file.script(run), pipefail || !posix, out);
                }
            }
        }
    }

    private void check(RunInstruction run, ShellScript script, boolean pipefailSet, List<Finding> out) {
        int line = run.line();
        if (!script.calls("cd").isEmpty()) {
            out.add(Rules.CD_IN_RUN.at(line, "RUN changes directory with cd; the next instruction starts back in the WORKDIR"));
        }
        if (script.commands().stream().anyMatch(c -> c.program().equals("sudo"))) {
            out.add(Rules.SUDO.at(line, "sudo in RUN: the step already runs as the current USER"));
        }
        for (List<ShellScript.Command> pipeline : script.pipelines()) {
            boolean downloaded = false;
            for (ShellScript.Command command : pipeline) {
                String program = command.program().equals("sudo") && !command.args().isEmpty()
                        ? new ShellScript.Command(command.args()).program() : command.program();
                if (downloaded && SHELLS.contains(program)) {
                    out.add(Rules.CURL_PIPE_SHELL.at(line, "a download is piped into " + program
                            + ": whatever the server sends runs unverified in the build"));
                    break;
                }
                downloaded |= program.equals("curl") || program.equals("wget");
            }
        }
        boolean setInScript = script.calls("set").stream().anyMatch(c -> c.has("pipefail"));
        if (!script.execForm() && script.hasPipe() && !pipefailSet && !setInScript) {
            out.add(Rules.PIPE_WITHOUT_PIPEFAIL.at(line, "RUN pipes commands, but the shell ignores failures before the last |"));
        }
    }
}
