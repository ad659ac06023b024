package dev.gantry.cli.commands;

import dev.gantry.analysis.index.Efficiency;
import dev.gantry.analysis.index.EfficiencyRules;
import dev.gantry.cli.Main;
import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.cli.output.Table;
import dev.gantry.image.Image;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

@Command(name = "efficiency",
        description = {"Measure wasted space as dive does: bytes of files written or deleted in more than one layer, "
                + "an efficiency score, and the paths that waste most.",
                "--ci checks dive's rules (defaults: --lowest-efficiency 0.9, --highest-user-wasted-percent 0.1) "
                + "and exits 1 naming each rule that fails."})
public final class EfficiencyCommand extends IndexCommand {
    @Option(names = "--ci", description = "check the rules and exit 1 if any fails")
    boolean ci;

    @Option(names = "--lowest-efficiency", paramLabel = "SCORE", description = "fail below this score, 0 to 1 (with --ci: 0.9)")
    Double lowestEfficiency;

    @Option(names = "--highest-wasted-bytes", paramLabel = "BYTES", description = "fail above this many wasted bytes, e.g. 20MB or 20MiB (default: unchecked)")
    String highestWastedBytes;

    @Option(names = "--highest-user-wasted-percent", paramLabel = "FRACTION",
            description = "fail when wasted bytes exceed this fraction of the non-base layers' bytes (with --ci: 0.1)")
    Double highestUserWastedPercent;

    @Option(names = "--top", paramLabel = "N", description = "paths to list (default: ${DEFAULT-VALUE}; 0 = all)")
    int top = 20;

    record Result(double efficiency, long sizeBytes, long userSizeBytes, long wastedBytes, double wastedUserPercent,
                  List<Efficiency.Inefficiency> inefficiencies, List<EfficiencyRules.Result> rules, boolean passed) {
    }

    @Override
    public Integer call() throws Exception {
        Efficiency e;
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            e = Efficiency.of(index(image, false));
        }
        List<EfficiencyRules.Result> rules = rules().evaluate(e);
        boolean passed = rules.stream().allMatch(EfficiencyRules.Result::passed);
        List<Efficiency.Inefficiency> shown = top > 0 && e.inefficiencies().size() > top
                ? e.inefficiencies().subList(0, top) : e.inefficiencies();
        if (json) {
            Output.json(out(), new Result(e.score(), e.sizeBytes(), e.userSizeBytes(), e.wastedBytes(), e.wastedUserPercent(),
                    shown, rules, passed));
        } else {
            print(e, shown, rules);
        }
        return passed ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
    }

    private EfficiencyRules rules() {
        Double lowest = lowestEfficiency != null ? lowestEfficiency : ci ? EfficiencyRules.DEFAULT_LOWEST_EFFICIENCY : null;
        Double user = highestUserWastedPercent != null ? highestUserWastedPercent
                : ci ? EfficiencyRules.DEFAULT_HIGHEST_USER_WASTED_PERCENT : null;
        Long wasted = highestWastedBytes == null ? null : EfficiencyRules.parseBytes(highestWastedBytes);
        return new EfficiencyRules(lowest, wasted, user);
    }

    private void print(Efficiency e, List<Efficiency.Inefficiency> shown, List<EfficiencyRules.Result> rules) {
        PrintWriter out = out();
        out.printf(Locale.ROOT, "efficiency:        %.4f %%%n", e.score() * 100);
        out.println("image size:        " + Sizes.human(e.sizeBytes()) + " (" + Sizes.human(e.userSizeBytes()) + " above the base layer)");
        out.println("wasted:            " + Sizes.human(e.wastedBytes()) + " (" + e.wastedBytes() + " bytes)");
        out.printf(Locale.ROOT, "user wasted:       %.4f %%%n", e.wastedUserPercent() * 100);
        if (!shown.isEmpty()) {
            out.println();
            Table table = new Table("COUNT", "TOTAL SPACE", "LAYERS", "PATH");
            for (Efficiency.Inefficiency i : shown) {
                table.row(i.count(), Sizes.human(i.cumulativeSize()), i.layers(), "/" + i.path());
            }
            table.print(out);
            if (shown.size() < e.inefficiencies().size()) {
                out.println("... " + (e.inefficiencies().size() - shown.size()) + " more (--top 0 lists all)");
            }
        }
        if (!rules.isEmpty()) {
            out.println();
        }
        for (EfficiencyRules.Result r : rules) {
            out.println((r.passed() ? "PASS: " : "FAIL: ") + r.rule() + (r.passed() ? "" : ": " + r.message()));
        }
        out.flush();
    }
}
