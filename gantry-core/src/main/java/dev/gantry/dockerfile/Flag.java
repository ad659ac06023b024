package dev.gantry.dockerfile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A builder flag before an instruction's arguments: {@code --from=builder}, {@code --link}
 * (value null), {@code --mount=type=secret,id=npmrc}. Values are raw: expand them with
 * {@link Variables#expand} where the instruction allows variables.
 *
 * @param name  the flag's name without dashes, e.g. {@code from}
 * @param value the raw value after '=', or null for a flag without one
 */
public record Flag(String name, String value) {
    /** {@return the value read as comma-separated {@code key=value} options, as {@code --mount} is; a bare key maps to ""} */
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        if (value == null || value.isEmpty()) {
            return options;
        }
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            options.put(eq < 0 ? part.trim() : part.substring(0, eq).trim(), eq < 0 ? "" : part.substring(eq + 1).trim());
        }
        return options;
    }

    @Override
    public String toString() {
        return "--" + name + (value == null ? "" : "=" + value);
    }
}
