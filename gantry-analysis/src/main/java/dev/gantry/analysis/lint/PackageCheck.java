package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.RunInstruction;
import dev.gantry.dockerfile.Stage;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OS package managers in RUN: caches left in the layer (GL003-GL005), apt-get prompts and
 * recommends (GL006, GL007), whole-system upgrades (GL017). A cache mount on the package
 * directories stores nothing in the layer, so it counts as cleanup.
 */
final class PackageCheck implements Check {
    private static final Set<String> YUM_FAMILY = Set.of("yum", "dnf", "microdnf");

    @Override
    public void check(LintedFile file, List<Finding> out) {
        for (Stage stage : file.stages()) {
            for (RunInstruction run : stage.all(RunInstruction.class)) {
                check(run, file.script(run), out);
            }
        }
    }

    private void check(RunInstruction run, ShellScript script, List<Finding> out) {
        int line = run.line();
        String text = String.join(" ", script.commands().stream().map(c -> String.join(" ", c.words())).toList());
        for (ShellScript.Command apt : script.calls("apt-get", "apt")) {
            String sub = apt.subcommand();
            if (sub.equals("install")) {
                if (!text.contains("/var/lib/apt/lists") && !cacheMounted(run, "/var/lib/apt")) {
                    out.add(Rules.APT_LISTS_KEPT.at(line, apt.program() + " install keeps the package lists (~20-50 MB) in this "
                            + "layer: nothing in the same RUN removes /var/lib/apt/lists"));
                }
                if (apt.args().stream().noneMatch(PackageCheck::assumesYes)) {
                    out.add(Rules.APT_WITHOUT_YES.at(line, apt.program() + " install without -y waits for an answer nobody gives"));
                }
                if (!apt.has("--no-install-recommends") && !text.contains("Install-Recommends=false")
                        && !text.contains("Install-Recommends=0")) {
                    out.add(Rules.APT_RECOMMENDS.at(line, apt.program() + " install also installs recommended packages"));
                }
            } else if (sub.equals("upgrade") || sub.equals("dist-upgrade") || sub.equals("full-upgrade")) {
                out.add(Rules.PACKAGE_UPGRADE.at(line, apt.program() + " " + sub + " upgrades every package of the base image"));
            }
        }
        for (ShellScript.Command apk : script.calls("apk")) {
            String sub = apk.subcommand();
            if (sub.equals("add") && !apk.has("--no-cache") && !text.contains("/var/cache/apk") && !cacheMounted(run, "/var/cache/apk")) {
                out.add(Rules.APK_CACHE_KEPT.at(line, "apk add without --no-cache keeps the package index in this layer"));
            } else if (sub.equals("upgrade")) {
                out.add(Rules.PACKAGE_UPGRADE.at(line, "apk upgrade upgrades every package of the base image"));
            }
        }
        for (ShellScript.Command yum : script.calls(YUM_FAMILY.toArray(String[]::new))) {
            String sub = yum.subcommand();
            boolean cleaned = script.calls(yum.program()).stream().anyMatch(c -> c.subcommand().equals("clean"))
                    || text.contains("/var/cache/" + (yum.program().equals("microdnf") ? "dnf" : yum.program()))
                    || cacheMounted(run, "/var/cache/");
            if (sub.equals("install") && !cleaned) {
                out.add(Rules.YUM_CACHE_KEPT.at(line, yum.program() + " install keeps its cache in this layer: no "
                        + yum.program() + " clean all in the same RUN"));
            } else if (sub.equals("upgrade") || sub.equals("update") && yum.args().stream().filter(a -> !a.startsWith("-")).count() == 1) {
                out.add(Rules.PACKAGE_UPGRADE.at(line, yum.program() + " " + sub + " upgrades every package of the base image"));
            }
        }
    }

    /** -y, --yes, --assume-yes, -qq (implies yes), or bundled short options holding y (-yq). */
    private static boolean assumesYes(String arg) {
        return arg.equals("--yes") || arg.equals("--assume-yes") || arg.equals("-qq") || arg.equals("-q=2")
                || arg.matches("-[a-zA-Z]*y[a-zA-Z]*");
    }

    private static boolean cacheMounted(RunInstruction run, String directory) {
        return run.mounts().stream().anyMatch(m -> "cache".equals(m.get("type"))
                && targetOf(m).startsWith(directory));
    }

    private static String targetOf(Map<String, String> mount) {
        return mount.getOrDefault("target", mount.getOrDefault("dst", mount.getOrDefault("destination", "")));
    }
}
