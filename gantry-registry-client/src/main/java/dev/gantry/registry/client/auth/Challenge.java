package dev.gantry.registry.client.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One WWW-Authenticate challenge (RFC 7235): a scheme ("basic", "bearer", lower-cased) and its
 * parameters, e.g. {@code Bearer realm="https://auth.example/token",service="reg",scope="repository:a:pull"}.
 *
 * @param scheme the authentication scheme, lower-cased ({@code basic}, {@code bearer})
 * @param params the parameters by lower-cased name, values unquoted and unescaped
 */
public record Challenge(String scheme, Map<String, String> params) {
    /**
     * Copies the parameters.
     *
     * @throws NullPointerException when {@code params} is null or holds a null name or value
     */
    public Challenge {
        params = Map.copyOf(params);
    }

    /**
     * One parameter of the challenge, such as {@code realm}, {@code service} or {@code scope}.
     *
     * @param name the parameter's name, lower-case
     * @return its value, or null when the challenge has no such parameter
     */
    public String param(String name) {
        return params.get(name);
    }

    /**
     * Whether this is a Docker token challenge: the client fetches a token from {@code realm} and sends it as
     * {@code Authorization: Bearer}.
     *
     * @return true for the {@code bearer} scheme
     */
    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    /**
     * Whether this is an HTTP Basic challenge: the client sends user and password with every request.
     *
     * @return true for the {@code basic} scheme
     */
    public boolean isBasic() {
        return scheme.equals("basic");
    }

    /**
     * Parses a header value that may hold several challenges. Quoted strings may contain commas
     * and escaped quotes; parameter names are lower-cased; unparseable tails are ignored.
     *
     * @param header a {@code WWW-Authenticate} value, or null
     * @return the challenges in the header's order; empty for null or a header with none
     */
    public static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        int i = 0;
        int n = header.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',' || header.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && isToken(header.charAt(i))) {
                i++;
            }
            if (start == i) {
                i++; // skip a stray character
                continue;
            }
            String word = header.substring(start, i);
            int j = i;
            while (j < n && header.charAt(j) == ' ') {
                j++;
            }
            if (j < n && header.charAt(j) == '=' && scheme != null) {
                j++;
                while (j < n && header.charAt(j) == ' ') {
                    j++;
                }
                StringBuilder value = new StringBuilder();
                if (j < n && header.charAt(j) == '"') {
                    j++;
                    while (j < n && header.charAt(j) != '"') {
                        if (header.charAt(j) == '\\' && j + 1 < n) {
                            j++;
                        }
                        value.append(header.charAt(j++));
                    }
                    j++; // closing quote
                } else {
                    while (j < n && header.charAt(j) != ',' && header.charAt(j) != ' ') {
                        value.append(header.charAt(j++));
                    }
                }
                params.put(word.toLowerCase(Locale.ROOT), value.toString());
                i = j;
            } else {
                if (scheme != null) {
                    out.add(new Challenge(scheme, params));
                }
                scheme = word.toLowerCase(Locale.ROOT);
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            out.add(new Challenge(scheme, params));
        }
        return out;
    }

    private static boolean isToken(char c) {
        return Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~/".indexOf(c) >= 0;
    }
}
