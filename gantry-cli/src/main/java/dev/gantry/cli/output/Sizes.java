package dev.gantry.cli.output;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Byte counts for people, in decimal units as docker and dive print them. */
public final class Sizes {
    private Sizes() {
    }

    public static String human(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return decimals(value, value < 10 ? 2 : value < 100 ? 1 : 0) + " " + units[unit];
    }

    /**
     * What {@code String.format("%.Nf", value)} prints (the double's shortest decimal digits rounded half up),
     * without the Formatter's first floating-point use: it loads the locale data for the decimal symbols, ~0.02 s
     * of every short command that printed a size.
     */
    static String decimals(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }
}
