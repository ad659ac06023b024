package dev.gantry.analysis.secrets;

/**
 * One leaked secret. {@code layer} is the 0-based layer index ({@code null} for findings in the
 * config, whose {@code path} then names the field: {@code config/Env/NAME},
 * {@code config/Labels/KEY}, {@code history/N/created_by}). {@code hiddenBy} is the layer whose
 * whiteout, opaque directory or newer file hides this one: a hidden file is absent from the
 * final filesystem but its bytes are still in {@code layer} for anyone to extract.
 * {@code line} is 1-based, 0 when the file's name alone is the finding.
 */
public record SecretFinding(String rule, Severity severity, String description, Integer layer, String layerDigest,
                            String path, int line, String excerpt, String fingerprint, Status status,
                            Integer hiddenBy) {

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
