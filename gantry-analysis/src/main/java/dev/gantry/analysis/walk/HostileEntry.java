package dev.gantry.analysis.walk;

import dev.gantry.digest.Digest;

/**
 * A tar entry the walker refused to interpret.
 *
 * @param layer  the layer's digest (null for a bare tar stream)
 * @param name   the entry's name exactly as stored
 * @param reason why, e.g. "climbs out of the root with '..'"
 */
public record HostileEntry(Digest layer, String name, String reason) {
    /**
     * A one-line description naming the entry and its layer; NUL characters are shown as {@code \0}.
     *
     * @return e.g. "entry '../etc/passwd' of layer sha256:... climbs out of the root with '..'"
     */
    public String describe() {
        return "entry '" + name.replace("\0", "\\0") + "'" + (layer == null ? "" : " of layer " + layer) + " " + reason;
    }
}
