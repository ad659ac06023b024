package dev.gantry.build.containerfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.dockerfile.Flag;
import dev.gantry.dockerfile.HealthcheckInstruction;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HEALTHCHECK as Docker stores it: Test ["NONE"] / ["CMD", ...] / ["CMD-SHELL", text] and durations in nanoseconds. */
final class HealthcheckConfig {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");

    private HealthcheckConfig() {
    }

    static ObjectNode of(HealthcheckInstruction instruction, String where) {
        ObjectNode node = Json.mapper().createObjectNode();
        ArrayNode test = node.putArray("Test");
        if (instruction.disables()) {
            test.add("NONE");
            return node;
        }
        if (instruction.command().isExecForm()) {
            test.add("CMD");
            instruction.command().exec().forEach(test::add);
        } else {
            test.add("CMD-SHELL").add(instruction.command().text());
        }
        for (Flag flag : instruction.flags()) {
            switch (flag.name()) {
                case "interval" -> node.put("Interval", nanos(flag.value(), where));
                case "timeout" -> node.put("Timeout", nanos(flag.value(), where));
                case "start-period" -> node.put("StartPeriod", nanos(flag.value(), where));
                case "start-interval" -> node.put("StartInterval", nanos(flag.value(), where));
                case "retries" -> node.put("Retries", Integer.parseInt(flag.value()));
                default -> throw new InvalidInputException(where + ": unknown HEALTHCHECK flag --" + flag.name());
            }
        }
        return node;
    }

    /** Go's duration syntax ("30s", "1m30s", "500ms"). */
    static long nanos(String text, String where) {
        Matcher m = PART.matcher(text == null ? "" : text);
        double total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double value = Double.parseDouble(m.group(1));
            total += value * switch (m.group(2)) {
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new InvalidInputException(where + ": '" + text + "' is not a duration such as 30s or 1m30s");
        }
        return (long) total;
    }
}
