package dev.gantry.vulns.triage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads VEX documents: OpenVEX JSON (v0.2.0, and the v0.0.x shape with string vulnerabilities and
 * statement-level subcomponents) and CycloneDX VEX (a BOM's {@code vulnerabilities} with
 * {@code analysis} and {@code affects}). A statement that cannot be understood is an
 * {@link InvalidInputException} naming the file and statement: a VEX file that silently suppressed
 * nothing would let a blocked deploy through unexplained, or block it unexplained.
 */
public final class VexReader {
    private VexReader() {
    }

    /**
     * Reads one VEX file, OpenVEX or CycloneDX, told apart by {@code @context} and {@code bomFormat}.
     *
     * @param file the document
     * @return its statements, in document order
     * @throws IOException           when it cannot be read or is not JSON
     * @throws InvalidInputException when it is neither format, or a statement lacks what it must state
     */
    public static List<VexStatement> read(Path file) throws IOException {
        JsonNode doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = Json.mapper().readTree(in);
        }
        String name = file.toString();
        if (doc == null || !doc.isObject()) {
            throw new InvalidInputException("VEX file " + name + ": not a JSON object");
        }
        if (doc.path("@context").asText("").contains("openvex")) {
            return openVex(doc, name);
        }
        if ("CycloneDX".equals(doc.path("bomFormat").asText())) {
            return cycloneDx(doc, name);
        }
        throw new InvalidInputException("VEX file " + name + ": neither OpenVEX (no openvex @context) nor CycloneDX "
                + "(no bomFormat CycloneDX)");
    }

    private static List<VexStatement> openVex(JsonNode doc, String file) {
        List<VexStatement> out = new ArrayList<>();
        long documentTime = time(doc.path("timestamp"), 0, file, "document");
        JsonNode statements = doc.path("statements");
        for (int i = 0; i < statements.size(); i++) {
            JsonNode s = statements.get(i);
            String where = "statement " + (i + 1);
            List<String> ids = new ArrayList<>();
            JsonNode v = s.path("vulnerability");
            if (v.isTextual()) {
                ids.add(v.asText());
            } else {
                text(v.path("name")).ifPresent(ids::add);
                v.path("aliases").forEach(a -> ids.add(a.asText()));
            }
            if (ids.isEmpty()) {
                throw bad(file, where, "names no vulnerability");
            }
            List<String> products = new ArrayList<>();
            List<String> subcomponents = new ArrayList<>();
            for (JsonNode p : s.path("products")) {
                if (p.isTextual()) {
                    products.add(p.asText());
                    continue;
                }
                text(p.path("@id")).ifPresent(products::add);
                p.path("identifiers").forEach(id -> products.add(id.asText()));
                for (JsonNode sub : p.path("subcomponents")) {
                    (sub.isTextual() ? text(sub) : text(sub.path("@id"))).ifPresent(subcomponents::add);
                    sub.path("identifiers").forEach(id -> subcomponents.add(id.asText()));
                }
            }
            for (JsonNode sub : s.path("subcomponents")) {
                (sub.isTextual() ? text(sub) : text(sub.path("@id"))).ifPresent(subcomponents::add);
            }
            VexStatus status = switch (s.path("status").asText("")) {
                case "not_affected" -> VexStatus.NOT_AFFECTED;
                case "fixed" -> VexStatus.FIXED;
                case "affected" -> VexStatus.AFFECTED;
                case "under_investigation" -> VexStatus.UNDER_INVESTIGATION;
                default -> throw bad(file, where, "has status '" + s.path("status").asText("")
                        + "' (not_affected, fixed, affected or under_investigation)");
            };
            String justification = text(s.path("justification")).orElse(null);
            String detail = text(s.path("impact_statement")).or(() -> text(s.path("status_notes")))
                    .or(() -> text(s.path("action_statement"))).orElse(null);
            if (status == VexStatus.NOT_AFFECTED && justification == null && detail == null) {
                throw bad(file, where, "is not_affected without a justification or impact_statement");
            }
            long order = time(s.path("timestamp"), documentTime, file, where);
            out.add(new VexStatement(List.copyOf(ids), List.copyOf(products), List.copyOf(subcomponents), status,
                    justification, detail, file, where + " (" + ids.getFirst() + ")", order));
        }
        return out;
    }

    private static List<VexStatement> cycloneDx(JsonNode doc, String file) {
        // affects[].ref names a component of this document by bom-ref (or a BOM-Link urn:cdx:...#ref): its purl
        // is what a finding is matched by; a ref that is itself a purl or digest is taken as it is
        Map<String, String> purlOf = new HashMap<>();
        collectComponents(doc.path("components"), purlOf);
        JsonNode meta = doc.path("metadata").path("component");
        if (meta.has("bom-ref")) {
            purlOf.put(meta.path("bom-ref").asText(), meta.path("purl").asText(meta.path("bom-ref").asText()));
        }
        List<VexStatement> out = new ArrayList<>();
        JsonNode vulns = doc.path("vulnerabilities");
        for (int i = 0; i < vulns.size(); i++) {
            JsonNode v = vulns.get(i);
            String where = "vulnerabilities[" + i + "]";
            List<String> ids = new ArrayList<>();
            text(v.path("id")).ifPresent(ids::add);
            v.path("references").forEach(r -> text(r.path("id")).ifPresent(ids::add));
            if (ids.isEmpty()) {
                throw bad(file, where, "has no id");
            }
            JsonNode analysis = v.path("analysis");
            if (!analysis.has("state")) {
                continue; // a vulnerability without analysis is a finding, not a statement about one
            }
            VexStatus status = switch (analysis.path("state").asText()) {
                case "not_affected", "false_positive" -> VexStatus.NOT_AFFECTED;
                case "resolved", "resolved_with_pedigree" -> VexStatus.FIXED;
                case "exploitable" -> VexStatus.AFFECTED;
                case "in_triage" -> VexStatus.UNDER_INVESTIGATION;
                default -> throw bad(file, where, "has analysis.state '" + analysis.path("state").asText()
                        + "' (resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected)");
            };
            List<String> products = new ArrayList<>();
            for (JsonNode a : v.path("affects")) {
                String ref = a.path("ref").asText("");
                if (ref.isEmpty()) {
                    throw bad(file, where, "has an affects entry without ref");
                }
                String local = ref.startsWith("urn:cdx:") && ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : ref;
                // not URL-decoded: a purl's own %XX escapes are decoded when it is matched, and "+" is a version character
                products.add(purlOf.getOrDefault(local, local));
            }
            if (products.isEmpty()) {
                throw bad(file, where, "affects nothing (no affects[].ref)");
            }
            String justification = text(analysis.path("justification")).orElse(null);
            String detail = text(analysis.path("detail")).orElse(null);
            long order = time(analysis.path("lastUpdated"), i, file, where);
            out.add(new VexStatement(List.copyOf(ids), List.copyOf(products), List.of(), status, justification, detail,
                    file, where + " (" + ids.getFirst() + ")", order));
        }
        return out;
    }

    private static void collectComponents(JsonNode components, Map<String, String> purlOf) {
        for (JsonNode c : components) {
            String ref = c.path("bom-ref").asText("");
            String purl = c.path("purl").asText("");
            if (!ref.isEmpty()) {
                purlOf.put(ref, purl.isEmpty() ? ref : purl);
            }
            collectComponents(c.path("components"), purlOf);
        }
    }

    private static long time(JsonNode node, long fallback, String file, String where) {
        if (!node.isTextual()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw bad(file, where, "has timestamp '" + node.asText() + "', not RFC 3339");
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText().strip()) : Optional.empty();
    }

    private static InvalidInputException bad(String file, String where, String what) {
        return new InvalidInputException("VEX file " + file + ": " + where + " " + what);
    }
}
