package dev.gantry.analysis.secrets;

/** A rule that matched: where in the text (1-based line, 0 when the path alone matched) and the secret itself, kept only until redacted. */
record SecretMatch(SecretRule rule, int line, String secret) {
}
