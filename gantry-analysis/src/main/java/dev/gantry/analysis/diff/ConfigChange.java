package dev.gantry.analysis.diff;

/**
 * One config field that differs: {@code env.PATH}, {@code labels.version}, {@code cmd},
 * {@code ports.8080/tcp} ... with its value in each image (null where it is unset).
 */
public record ConfigChange(String field, String before, String after) {
}
