package dev.gantry.vulns.db;

import java.util.HashMap;
import java.util.Map;

/**
 * The CVSS v3.0/v3.1 base score of a vector ({@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}),
 * computed with the specification's formula and its round-up rule.
 */
final class Cvss3 {
    private Cvss3() {
    }

    /** The base score, or -1 when the vector is not a complete CVSS v3 base vector. */
    static double score(String vector) {
        if (vector == null || !vector.startsWith("CVSS:3.")) {
            return -1;
        }
        Map<String, String> m = new HashMap<>();
        for (String part : vector.split("/")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                m.put(part.substring(0, colon), part.substring(colon + 1));
            }
        }
        boolean changed = "C".equals(m.get("S"));
        double av = weight(m.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
        double ac = weight(m.get("AC"), "L", 0.77, "H", 0.44);
        double pr = weight(m.get("PR"), "N", 0.85, "L", changed ? 0.68 : 0.62, "H", changed ? 0.5 : 0.27);
        double ui = weight(m.get("UI"), "N", 0.85, "R", 0.62);
        double c = weight(m.get("C"), "H", 0.56, "L", 0.22, "N", 0.0);
        double i = weight(m.get("I"), "H", 0.56, "L", 0.22, "N", 0.0);
        double a = weight(m.get("A"), "H", 0.56, "L", 0.22, "N", 0.0);
        if (av < 0 || ac < 0 || pr < 0 || ui < 0 || c < 0 || i < 0 || a < 0 || !m.containsKey("S")) {
            return -1;
        }
        double iss = 1 - (1 - c) * (1 - i) * (1 - a);
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return 0;
        }
        return roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
    }

    private static double weight(String value, Object... pairs) {
        for (int k = 0; k < pairs.length; k += 2) {
            if (pairs[k].equals(value)) {
                return (Double) pairs[k + 1];
            }
        }
        return -1;
    }

    /** CVSS 3.1's Roundup: the smallest one-decimal number not below the input, free of float error. */
    private static double roundUp(double x) {
        long scaled = Math.round(x * 100_000);
        return scaled % 10_000 == 0 ? scaled / 100_000.0 : (Math.floor(scaled / 10_000.0) + 1) / 10.0;
    }
}
