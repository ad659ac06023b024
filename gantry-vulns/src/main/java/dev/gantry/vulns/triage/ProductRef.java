package dev.gantry.vulns.triage;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The image digest a VEX product names: {@code pkg:oci/app@sha256%3A...}, {@code registry/app@sha256:...} or a bare digest. */
final class ProductRef {
    private static final Pattern DIGEST = Pattern.compile("sha256(?::|%3[Aa])([0-9a-fA-F]{64})");

    private ProductRef() {
    }

    /** The {@code sha256:HEX} the product names, or null when it names no image (a package purl). */
    static String digest(String product) {
        if (product.startsWith("pkg:") && !product.startsWith("pkg:oci/") && !product.startsWith("pkg:docker/")) {
            return null;
        }
        Matcher m = DIGEST.matcher(product);
        return m.find() ? "sha256:" + m.group(1).toLowerCase(Locale.ROOT) : null;
    }
}
