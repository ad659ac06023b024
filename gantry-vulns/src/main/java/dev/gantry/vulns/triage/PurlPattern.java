package dev.gantry.vulns.triage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A package URL as a VEX statement or an ignore entry names a package, matched against a finding's
 * purl the way the purl spec compares them: type and name always, the namespace and version when the
 * pattern states them, and each qualifier the pattern states (a statement naming
 * {@code pkg:deb/debian/openssl} covers every version and architecture; one naming
 * {@code pkg:deb/debian/openssl@3.0.11-1~deb12u2} only that version).
 *
 * @param type       the purl type, lower case
 * @param namespace  the namespace, or null
 * @param name       the name, decoded
 * @param version    the version, decoded, or null
 * @param qualifiers the qualifiers, decoded
 */
public record PurlPattern(String type, String namespace, String name, String version, Map<String, String> qualifiers) {

    /**
     * Parses a purl.
     *
     * @param purl {@code pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH}
     * @return the parts, or null when the text is not a purl
     */
    public static PurlPattern parse(String purl) {
        if (purl == null || !purl.regionMatches(true, 0, "pkg:", 0, 4)) {
            return null;
        }
        String rest = purl.substring(4);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        Map<String, String> qualifiers = new TreeMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    qualifiers.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), decode(pair.substring(eq + 1)));
                }
            }
            rest = rest.substring(0, question);
        }
        String version = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            version = decode(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        int slash = rest.indexOf('/');
        int last = rest.lastIndexOf('/');
        if (slash <= 0 || last == rest.length() - 1) {
            return null;
        }
        String type = rest.substring(0, slash).toLowerCase(Locale.ROOT);
        String namespace = last > slash ? decode(rest.substring(slash + 1, last)) : null;
        return new PurlPattern(type, namespace, decode(rest.substring(last + 1)), version, Map.copyOf(qualifiers));
    }

    /**
     * Whether this pattern covers a package.
     *
     * @param purl          the package's purl (a finding's)
     * @param sourceName    its source package, or null: Debian and Alpine advisories, and so VEX documents
     *                      written from them, often name the source package
     * @param sourceVersion the source package's version, compared when the pattern names the source package
     * @return true when type and name match and every part the pattern states is the package's
     */
    public boolean covers(String purl, String sourceName, String sourceVersion) {
        PurlPattern p = parse(purl);
        if (p == null || !type.equals(p.type)) {
            return false;
        }
        if (namespace != null && p.namespace != null && !namespace.equalsIgnoreCase(p.namespace)) {
            return false;
        }
        String comparedVersion;
        if (name.equals(p.name)) {
            comparedVersion = p.version;
        } else if (name.equals(sourceName)) {
            comparedVersion = sourceVersion;
        } else {
            return false;
        }
        if (version != null && !version.equals(comparedVersion)) {
            return false;
        }
        for (Map.Entry<String, String> q : qualifiers.entrySet()) {
            if (!q.getValue().equals(p.qualifiers.get(q.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length) {
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            out.write(bytes[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
