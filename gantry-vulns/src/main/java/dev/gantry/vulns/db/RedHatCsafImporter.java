package dev.gantry.vulns.db;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Red Hat's CSAF VEX files (CSAF 2.0, {@code category: csaf_vex}; one file per CVE,
 * {@code https://security.access.redhat.com/data/csaf/v2/vex/}). The product tree's leaves are products
 * (platforms with a CPE such as {@code cpe:/o:redhat:enterprise_linux:9::baseos}, components with an rpm
 * purl such as {@code pkg:rpm/redhat/openssl@3.0.7-24.el9_3?arch=src&epoch=1}) and its relationships join
 * them ({@code BaseOS-9.3.0.Z.MAIN:openssl-1:3.0.7-24.el9_3.src} is that component of that platform). Each
 * vulnerability's {@code product_status} lists such joined ids as {@code fixed}, {@code known_affected},
 * {@code known_not_affected} or {@code under_investigation}. Only RHEL platforms count
 * ({@code enterprise_linux}, {@code rhel_eus} and the other {@code rhel_*} streams), keyed {@code Red Hat:9}
 * by major release; only plain rpm components (module builds, {@code rpmmod}, and container images are left
 * out). One advisory per (release, package name), source and binary packages alike, id the CVE, the RHSA
 * errata of its {@code vendor_fix} remediations as aliases: fixed means affected below the highest fixed
 * EVR of that release's streams (the main stream's, which EUS streams trail); otherwise known_affected is
 * affected with no fix (the {@code no_fix_planned}/{@code none_available} remediation's words as the note),
 * under_investigation undetermined, known_not_affected not affected. Severity is Red Hat's impact rating.
 */
final class RedHatCsafImporter {
    private static final Pattern RHSA = Pattern.compile("(RH[SBE]A-\\d{4}:\\d+)");

    private RedHatCsafImporter() {
    }

    /** A component's package: its name and, for a fixed build, its EVR. */
    record Component(String name, String evr) {
    }

    /** What the file says about one package in one release, gathered over its products. */
    private static final class Verdict {
        final Set<String> fixed = new LinkedHashSet<>();
        boolean affected;
        boolean notAffected;
        boolean investigating;
        String note;
    }

    static long importJson(JsonParser parser, String name, AdvisorySink sink) throws IOException {
        JsonNode doc;
        try (parser) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new AdvisoryFormatException(name, null, "not a CSAF document (no JSON object)");
            }
            doc = Trees.read(parser);
        } catch (JsonProcessingException e) {
            throw new AdvisoryFormatException(name, null, "invalid JSON at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        String category = OsvImporter.text(doc.path("document"), "category");
        if (!"csaf_vex".equals(category)) {
            throw new AdvisoryFormatException(name, null, "a CSAF document of category " + category + ", not csaf_vex");
        }
        Map<String, JsonNode> products = new HashMap<>();
        collectProducts(doc.path("product_tree").path("branches"), products);
        Map<String, String[]> joined = new HashMap<>();
        for (JsonNode r : doc.path("product_tree").path("relationships")) {
            String id = OsvImporter.text(r.path("full_product_name"), "product_id");
            String component = OsvImporter.text(r, "product_reference");
            String platform = OsvImporter.text(r, "relates_to_product_reference");
            if (id == null || component == null || platform == null) {
                throw new AdvisoryFormatException(name, id, "a relationship without product_id, product_reference "
                        + "or relates_to_product_reference");
            }
            joined.put(id, new String[]{component, platform});
        }
        String documentSeverity = OsvImporter.text(doc.path("document").path("aggregate_severity"), "text");
        long count = 0;
        for (JsonNode v : doc.path("vulnerabilities")) {
            String cve = OsvImporter.text(v, "cve");
            if (cve == null) {
                throw new AdvisoryFormatException(name, null, "a vulnerability without \"cve\"");
            }
            count += convert(v, cve, products, joined, documentSeverity, name, sink);
        }
        return count;
    }

    private static long convert(JsonNode v, String cve, Map<String, JsonNode> products, Map<String, String[]> joined,
                                String documentSeverity, String name, AdvisorySink sink) throws IOException {
        Set<String> aliases = new LinkedHashSet<>();
        Map<String, String> noFix = new HashMap<>();
        for (JsonNode r : v.path("remediations")) {
            String cat = OsvImporter.text(r, "category");
            if ("vendor_fix".equals(cat)) {
                Matcher m = RHSA.matcher(r.path("url").asText(""));
                if (m.find()) {
                    aliases.add(m.group(1));
                }
            } else if ("no_fix_planned".equals(cat) || "none_available".equals(cat)) {
                for (JsonNode id : r.path("product_ids")) {
                    noFix.put(id.asText(), "Red Hat: " + r.path("details").asText(cat.replace('_', ' ')));
                }
            }
        }
        String impact = documentSeverity;
        for (JsonNode t : v.path("threats")) {
            if ("impact".equals(OsvImporter.text(t, "category")) && OsvImporter.text(t, "details") != null) {
                impact = OsvImporter.text(t, "details");
                break;
            }
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        JsonNode status = v.path("product_status");
        for (String kind : List.of("fixed", "known_affected", "known_not_affected", "under_investigation")) {
            for (JsonNode idNode : status.path(kind)) {
                String id = idNode.asText();
                String[] join = joined.get(id);
                if (join == null) {
                    continue; // a bare platform or component: it names no package in a release
                }
                String release = release(products.get(join[1]));
                Component component = component(join[0], products.get(join[0]));
                if (release == null || component == null) {
                    continue;
                }
                Verdict verdict = verdicts.computeIfAbsent(release + "\n" + component.name(), k -> new Verdict());
                switch (kind) {
                    case "fixed" -> {
                        if (component.evr() == null) {
                            throw new AdvisoryFormatException(name, cve, "fixed product " + id + " names no version");
                        }
                        verdict.fixed.add(component.evr());
                    }
                    case "known_affected" -> {
                        verdict.affected = true;
                        if (verdict.note == null) {
                            verdict.note = noFix.get(id);
                        }
                    }
                    case "known_not_affected" -> verdict.notAffected = true;
                    default -> verdict.investigating = true;
                }
            }
        }
        Severity severity = impact == null ? Severity.UNKNOWN : Severity.parse(impact);
        long count = 0;
        for (Map.Entry<String, Verdict> e : verdicts.entrySet()) {
            String[] key = e.getKey().split("\n", 2);
            Verdict verdict = e.getValue();
            Status s;
            List<Range> ranges;
            String note = null;
            if (!verdict.fixed.isEmpty()) {
                String highest = null;
                for (String evr : verdict.fixed) {
                    if (highest == null || dev.gantry.vulns.version.RpmVersion.ORDER.compare(evr, highest) > 0) {
                        highest = evr;
                    }
                }
                s = Status.AFFECTED;
                ranges = List.of(Range.fixedAt(highest));
            } else if (verdict.affected) {
                s = Status.AFFECTED;
                ranges = List.of(Range.fixedAt(null));
                note = verdict.note;
            } else if (verdict.investigating) {
                s = Status.UNDETERMINED;
                ranges = List.of();
            } else {
                s = Status.NOT_AFFECTED;
                ranges = List.of();
            }
            sink.add(new Advisory(cve, List.copyOf(aliases), key[0], key[1], s, ranges, List.of(), severity,
                    impact == null ? null : impact.toLowerCase(java.util.Locale.ROOT), note, name));
            count++;
        }
        return count;
    }

    /** Every leaf of the product tree by product_id; the tree's depth is bounded by the JSON parser's nesting limit. */
    private static void collectProducts(JsonNode branches, Map<String, JsonNode> out) {
        for (JsonNode b : branches) {
            JsonNode product = b.path("product");
            String id = OsvImporter.text(product, "product_id");
            if (id != null) {
                out.put(id, product);
            }
            collectProducts(b.path("branches"), out);
        }
    }

    /** {@code Red Hat:9} for a RHEL platform's CPE ({@code cpe:/o:redhat:enterprise_linux:9::baseos}, {@code cpe:/a:redhat:rhel_eus:9.2::appstream}); null otherwise. */
    static String release(JsonNode platform) {
        String cpe = platform == null ? null : OsvImporter.text(platform.path("product_identification_helper"), "cpe");
        if (cpe == null) {
            return null;
        }
        String[] parts = cpe.split(":");
        if (parts.length < 5 || !parts[2].equals("redhat")
                || !(parts[3].equals("enterprise_linux") || parts[3].startsWith("rhel_"))) {
            return null;
        }
        String major = parts[4].split("\\.")[0];
        return major.isEmpty() || !major.chars().allMatch(Character::isDigit) ? null : "Red Hat:" + major;
    }

    /**
     * The package of a component: from its purl ({@code pkg:rpm/redhat/NAME@VERSION?arch=A&epoch=E}), else from
     * the reference itself (a bare name, or {@code NAME-[EPOCH:]VERSION-RELEASE.ARCH}); null for what is not a
     * plain rpm (a module build, a container image).
     */
    static Component component(String reference, JsonNode product) {
        String purl = product == null ? null : OsvImporter.text(product.path("product_identification_helper"), "purl");
        if (purl != null) {
            if (!purl.startsWith("pkg:rpm/")) {
                return null;
            }
            int q = purl.indexOf('?');
            String path = q < 0 ? purl : purl.substring(0, q);
            Map<String, String> qualifiers = new HashMap<>();
            if (q >= 0) {
                for (String kv : purl.substring(q + 1).split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        qualifiers.put(kv.substring(0, eq), decode(kv.substring(eq + 1)));
                    }
                }
            }
            if (qualifiers.containsKey("rpmmod")) {
                return null;
            }
            String nameVersion = path.substring(path.lastIndexOf('/') + 1);
            int at = nameVersion.indexOf('@');
            String pkg = decode(at < 0 ? nameVersion : nameVersion.substring(0, at));
            if (at < 0) {
                return new Component(pkg, null);
            }
            String version = decode(nameVersion.substring(at + 1));
            String epoch = qualifiers.get("epoch");
            return new Component(pkg, epoch == null || epoch.equals("0") ? version : epoch + ":" + version);
        }
        // NAME-[EPOCH:]VERSION-RELEASE.ARCH, or a bare NAME
        int dot = reference.lastIndexOf('.');
        int releaseDash = reference.lastIndexOf('-');
        int versionDash = releaseDash <= 0 ? -1 : reference.lastIndexOf('-', releaseDash - 1);
        if (dot > releaseDash && versionDash > 0 && Character.isDigit(reference.charAt(versionDash + 1))) {
            return new Component(reference.substring(0, versionDash), reference.substring(versionDash + 1, dot));
        }
        return new Component(reference, null);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
