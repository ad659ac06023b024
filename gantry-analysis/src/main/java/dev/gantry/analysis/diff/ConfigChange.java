package dev.gantry.analysis.diff;

/**
 * One config field that differs: {@code env.PATH}, {@code labels.version}, {@code cmd}, {@code ports.8080/tcp}
 * ... with its value in each image (null where it is unset).
 *
 * @param field  the field's name; map entries as {@code NAME.KEY} (env, labels, ports, volumes)
 * @param before its value in the first image, or null when unset (ports and volumes: "present" or null)
 * @param after  its value in the second image, or null when unset
 */
public record ConfigChange(String field, String before, String after) {
}
