package dev.gantry.analysis.secrets;

/**
 * One leaked secret, redacted: the value itself is never kept, only an excerpt and a fingerprint. A hidden file
 * is absent from the final filesystem but its bytes are still in its layer for anyone to extract.
 *
 * @param rule        the id of the rule that found it
 * @param severity    the rule's severity
 * @param description the rule's description
 * @param layer       the 0-based layer index, or null for findings in the config
 * @param layerDigest that layer's blob digest, or null for findings in the config
 * @param path        the file's path; for config findings the field: {@code config/Env/NAME},
 *                    {@code config/Labels/KEY} or {@code history/N/created_by}
 * @param line        1-based line of the match, 0 when the file's name alone is the finding
 * @param excerpt     what may be printed of the secret, e.g. "MIIE…(1675 chars)", or "(whole file)"
 * @param fingerprint the first 16 hex digits of the secret's SHA-256, for allow-lists
 * @param status      visible, hidden, or in the config
 * @param hiddenBy    the layer whose whiteout, opaque directory or newer file hides this one, else null
 */
public record SecretFinding(String rule, Severity severity, String description, Integer layer, String layerDigest,
                            String path, int line, String excerpt, String fingerprint, Status status,
                            Integer hiddenBy) {

    /** Where a secret can be read. */
    public enum Status {
        /** in the final image's filesystem */
        VISIBLE,
        /** deleted or replaced by a later layer, still extractable from its own */
        HIDDEN,
        /** in the image config (env, labels, history), readable by anyone who pulls it */
        CONFIG;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    SecretFinding hiddenBy(int laterLayer) {
        return new SecretFinding(rule, severity, description, layer, layerDigest, path, line, excerpt, fingerprint,
                Status.HIDDEN, laterLayer);
    }

    static SecretFinding of(SecretMatch m, Integer layer, String layerDigest, String path, Status status) {
        String secret = m.rule().pathOnly() ? "path:" + path : m.secret();
        String excerpt = m.rule().pathOnly() ? "(whole file)" : Redaction.excerpt(secret);
        return new SecretFinding(m.rule().id(), m.rule().severity(), m.rule().description(), layer, layerDigest, path,
                m.line(), excerpt, Redaction.fingerprint(secret), status, null);
    }
}
