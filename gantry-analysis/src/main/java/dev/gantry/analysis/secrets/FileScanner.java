package dev.gantry.analysis.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Scans one file: the rules whose paths fit, over at most {@code maxBytes} of its content.
 * Binary files (a NUL byte in the first 8 KiB, as git and grep decide) get path rules only.
 * A path-only rule (an {@code id_rsa} by name) is reported only when no content rule found
 * something in the same file, so a key is not reported twice.
 */
final class FileScanner {
    static final int BINARY_PROBE = 8192;

    private final List<SecretRule> rules;
    private final ContentMatcher matcher;
    private final int maxBytes;

    FileScanner(SecretRules rules, int maxBytes) {
        this.rules = rules.rules();
        this.matcher = new ContentMatcher(rules);
        this.maxBytes = maxBytes;
    }

    /** Outcome for one file: its matches, whether text went past the byte cap, whether it was binary (content not scanned). */
    record Result(List<SecretMatch> matches, boolean truncated, boolean binary) {
    }

    /** Reads at most the cap from {@code content} (never closes it; the caller skips the rest). */
    Result scan(String path, long size, InputStream content) throws IOException {
        List<SecretRule> applicable = applicable(path);
        int cap = (int) Math.min(size, maxBytes);
        // the probe first: a binary's remaining bytes are never copied, the walker skips them
        byte[] probe = content.readNBytes(Math.min(cap, BINARY_PROBE));
        boolean binary = isBinary(probe);
        List<SecretMatch> matches = new ArrayList<>();
        if (!binary) {
            byte[] bytes = probe.length == cap ? probe : concat(probe, content.readNBytes(cap - probe.length));
            matches.addAll(matcher.scan(new String(bytes, StandardCharsets.ISO_8859_1), applicable));
        }
        if (matches.isEmpty()) {
            applicable.stream().filter(SecretRule::pathOnly).forEach(r -> matches.add(new SecretMatch(r, 0, "")));
        }
        return new Result(matches, !binary && size > maxBytes, binary);
    }

    /** Matches in one config value (an env entry, a label, a history command); {@code where} is its config path. */
    List<SecretMatch> scanText(String where, String text) {
        return matcher.scan(text, applicable(where));
    }

    /** In the rule file's order, which decides which rule reports a secret several rules match. */
    private List<SecretRule> applicable(String path) {
        List<SecretRule> out = new ArrayList<>();
        for (SecretRule r : rules) {
            if (r.appliesToPath(path)) {
                out.add(r);
            }
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0, n = Math.min(bytes.length, BINARY_PROBE); i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
