package dev.gantry.analysis.packages;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Package URLs (github.com/package-url/purl-spec): {@code pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS}.
 * Each segment is percent-encoded except the unreserved characters, so a Debian epoch's
 * {@code :} becomes {@code %3A} as the spec's deb examples show; qualifiers are sorted by key
 * and empty ones left out.
 */
final class Purl {
    private Purl() {
    }

    static String of(String type, String namespace, String name, String version, Map<String, String> qualifiers) {
        StringBuilder purl = new StringBuilder("pkg:").append(type).append('/');
        if (namespace != null) {
            // segment by segment: a Go module's namespace (github.com/owner) keeps its slashes
            for (String segment : namespace.split("/")) {
                if (!segment.isEmpty()) {
                    purl.append(encode(segment)).append('/');
                }
            }
        }
        purl.append(encode(name));
        if (version != null) {
            purl.append('@').append(encode(version));
        }
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        new TreeMap<>(qualifiers).forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                q.add(k + "=" + encode(v));
            }
        });
        return purl.append(q).toString();
    }

    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
