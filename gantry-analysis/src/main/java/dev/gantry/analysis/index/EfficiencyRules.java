package dev.gantry.analysis.index;

import dev.gantry.error.InvalidInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dive's CI rules (runtime/ci/rules.go) with its default thresholds: lowest efficiency 0.9,
 * highest user-wasted fraction 0.1, highest wasted bytes off unless given. A null threshold
 * disables its rule.
 *
 * @param lowestEfficiency         fail when the score is below this
 * @param highestWastedBytes       fail when wasted bytes exceed this
 * @param highestUserWastedPercent fail when wasted / user bytes exceeds this fraction
 */
public record EfficiencyRules(Double lowestEfficiency, Long highestWastedBytes, Double highestUserWastedPercent) {
    /** dive's default lowest efficiency. */
    public static final double DEFAULT_LOWEST_EFFICIENCY = 0.9;
    /** dive's default highest wasted fraction of the user bytes. */
    public static final double DEFAULT_HIGHEST_USER_WASTED_PERCENT = 0.1;

    private static final Pattern BYTES = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)\\s*");

    /**
     * One rule's outcome.
     *
     * @param rule    dive's key, e.g. {@code rules.lowestEfficiency}
     * @param passed  whether the image passed
     * @param message why it failed (empty when passed)
     */
    public record Result(String rule, boolean passed, String message) {
    }

    /**
     * Checks the figures against each rule that has a threshold, with dive's comparisons: a NaN wasted fraction
     * (no user bytes, nothing wasted) passes, an infinite one fails.
     *
     * @param e the image's figures
     * @return one result per enabled rule, in the order lowestEfficiency, highestWastedBytes,
     *         highestUserWastedPercent
     */
    public List<Result> evaluate(Efficiency e) {
        List<Result> out = new ArrayList<>();
        if (lowestEfficiency != null) {
            boolean ok = !(lowestEfficiency > e.score());
            out.add(new Result("rules.lowestEfficiency", ok, ok ? "" : "image efficiency is too low (efficiency="
                    + e.score() + " < threshold=" + lowestEfficiency + ")"));
        }
        if (highestWastedBytes != null) {
            boolean ok = e.wastedBytes() <= highestWastedBytes;
            out.add(new Result("rules.highestWastedBytes", ok, ok ? "" : "too many bytes wasted (wasted-bytes="
                    + e.wastedBytes() + " > threshold=" + highestWastedBytes + ")"));
        }
        if (highestUserWastedPercent != null) {
            // As dive: a NaN fraction (no user bytes, nothing wasted) passes, an infinite one fails.
            boolean ok = !(highestUserWastedPercent < e.wastedUserPercent());
            out.add(new Result("rules.highestUserWastedPercent", ok, ok ? "" : "too many bytes wasted, relative to the "
                    + "user bytes added (%-user-wasted-bytes=" + e.wastedUserPercent() + " > threshold="
                    + highestUserWastedPercent + ")"));
        }
        return out;
    }

    /**
     * A byte count as dive reads one (go-humanize): "20MB" and "20M" are 20,000,000, "20MiB" is 20 x 2^20, a
     * bare number is bytes; case does not matter.
     *
     * @param text the count, possibly with a decimal fraction and a unit
     * @return the count in bytes, any fraction of a byte dropped
     * @throws dev.gantry.error.InvalidInputException when the text is not a number with a known unit
     */
    public static long parseBytes(String text) {
        Matcher m = BYTES.matcher(text);
        if (!m.matches()) {
            throw new InvalidInputException("'" + text + "' is not a byte count; write e.g. 20MB, 20MiB or 20000000");
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        int power = 0;
        boolean binary = false;
        if (!unit.isEmpty() && !unit.equals("b")) {
            if (!unit.matches("[kmgtpe](i?b?)")) {
                throw new InvalidInputException("'" + text + "' has an unknown unit '" + m.group(2)
                        + "'; use B, kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)");
            }
            power = "kmgtpe".indexOf(unit.charAt(0)) + 1;
            binary = unit.contains("i");
        }
        BigDecimal base = BigDecimal.valueOf(binary ? 1024 : 1000);
        return new BigDecimal(m.group(1)).multiply(base.pow(power)).longValue();
    }
}
