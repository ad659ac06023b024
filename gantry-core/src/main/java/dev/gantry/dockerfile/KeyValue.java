package dev.gantry.dockerfile;

/**
 * One {@code key=value} of ENV or LABEL (or the legacy {@code ENV key value}). Both are raw, quotes
 * kept; {@link Variables#expand} removes quotes and expands variables, as the builder does.
 *
 * @param key   the raw key
 * @param value the raw value
 */
public record KeyValue(String key, String value) {
}
