package dev.gantry.vulns.db;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * OSV advisories (https://ossf.github.io/osv-schema/): one advisory per JSON file, a JSON array of
 * them, or the per-ecosystem zip exports ({@code Debian/all.zip}) holding one file per advisory.
 * Every {@code affected} entry with a package becomes one {@link Advisory} per (ecosystem, package);
 * {@code GIT} ranges are dropped (they need the repository), {@code ECOSYSTEM} and {@code SEMVER} ranges
 * are kept with all four event kinds. Withdrawn advisories are counted and left out.
 */
final class OsvImporter {
    /** One OSV advisory is a few KB; a bigger one is refused rather than held. */
    static final int MAX_ENTRY_BYTES = 32 << 20;

    private OsvImporter() {
    }

    /** Imports a zip export; returns how many advisories it gave. */
    static long importZip(InputStream in, String name, AdvisorySink sink) throws IOException {
        long count = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory() || !e.getName().endsWith(".json")) {
                    continue;
                }
                byte[] bytes = zip.readNBytes(MAX_ENTRY_BYTES + 1);
                if (bytes.length > MAX_ENTRY_BYTES) {
                    throw new AdvisoryFormatException(name + "!" + e.getName(), null, "larger than " + MAX_ENTRY_BYTES + " bytes");
                }
                count += importJson(Json.mapper().createParser(bytes), name + "!" + e.getName(), sink);
            }
        } catch (java.util.zip.ZipException e) {
            throw new AdvisoryFormatException(name, null, "not a readable zip: " + e.getMessage());
        }
        return count;
    }

    /** Imports one JSON document: an advisory or an array of advisories. */
    static long importJson(JsonParser parser, String name, AdvisorySink sink) throws IOException {
        long count = 0;
        String entry = null;
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                JsonNode node = Trees.read(parser);
                entry = node.path("id").asText(null);
                count += convert(node, name, sink);
            } else if (first == JsonToken.START_ARRAY) {
                int i = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    entry = "#" + i;
                    JsonNode node = Trees.read(parser);
                    entry = node.path("id").asText("#" + i);
                    count += convert(node, name, sink);
                    i++;
                }
            } else {
                throw new AdvisoryFormatException(name, null, "not an OSV advisory (no JSON object)");
            }
        } catch (JsonProcessingException e) {
            throw new AdvisoryFormatException(name, entry, "invalid JSON at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        return count;
    }

    private static long convert(JsonNode osv, String name, AdvisorySink sink) throws IOException {
        String id = text(osv, "id");
        if (id == null) {
            throw new AdvisoryFormatException(name, null, "OSV advisory without an \"id\"");
        }
        if (osv.hasNonNull("withdrawn")) {
            return 0;
        }
        JsonNode affected = osv.path("affected");
        if (!affected.isArray()) {
            throw new AdvisoryFormatException(name, id, "\"affected\" is missing or not an array");
        }
        List<String> aliases = new ArrayList<>();
        for (JsonNode a : osv.path("aliases")) {
            aliases.add(a.asText());
        }
        for (JsonNode a : osv.path("upstream")) {
            if (!aliases.contains(a.asText()) && a.asText().startsWith("CVE-")) {
                aliases.add(a.asText());
            }
        }
        long count = 0;
        for (JsonNode a : affected) {
            JsonNode pkg = a.path("package");
            String ecosystem = text(pkg, "ecosystem");
            String pkgName = pypiName(ecosystem, text(pkg, "name"));
            if (pkg.isMissingNode()) {
                continue; // an entry with only GIT ranges names no package to match
            }
            if (ecosystem == null || pkgName == null) {
                throw new AdvisoryFormatException(name, id, "an \"affected\" package without ecosystem or name");
            }
            List<Range> ranges = new ArrayList<>();
            for (JsonNode r : a.path("ranges")) {
                String type = text(r, "type");
                if (type == null) {
                    throw new AdvisoryFormatException(name, id, "a range without \"type\"");
                }
                if (type.equals("GIT")) {
                    continue;
                }
                List<Range.Event> events = new ArrayList<>();
                for (JsonNode e : r.path("events")) {
                    events.add(event(e, name, id));
                }
                if (events.stream().noneMatch(e -> e.kind() == Range.Kind.INTRODUCED)) {
                    throw new AdvisoryFormatException(name, id, "a range of " + pkgName + " without an \"introduced\" event");
                }
                ranges.add(new Range(List.copyOf(events)));
            }
            List<String> versions = new ArrayList<>();
            for (JsonNode v : a.path("versions")) {
                versions.add(v.asText());
            }
            Severity severity = Severity.UNKNOWN;
            String severityText = null;
            JsonNode severities = a.path("severity").isArray() ? a.path("severity") : osv.path("severity");
            for (JsonNode s : severities) {
                String score = text(s, "score");
                Severity found = severityOf(text(s, "type"), score);
                if (severityText == null) {
                    severityText = score;
                }
                if (found.compareTo(severity) > 0) {
                    severity = found;
                    severityText = score;
                }
            }
            if (severity == Severity.UNKNOWN) {
                // GitHub's and others' words: database_specific.severity, ecosystem_specific.urgency/severity
                for (String word : new String[]{text(osv.path("database_specific"), "severity"),
                        text(a.path("ecosystem_specific"), "severity"), text(a.path("ecosystem_specific"), "urgency"),
                        text(a.path("database_specific"), "severity")}) {
                    if (word != null && Severity.parse(word) != Severity.UNKNOWN) {
                        severity = Severity.parse(word);
                        severityText = word.toLowerCase(Locale.ROOT);
                        break;
                    }
                }
            }
            sink.add(new Advisory(id, List.copyOf(aliases), ecosystem, pkgName, Status.AFFECTED, List.copyOf(ranges),
                    List.copyOf(versions), severity, severityText, null, name));
            count++;
        }
        return count;
    }

    private static Severity severityOf(String type, String score) {
        if (score == null) {
            return Severity.UNKNOWN;
        }
        if (type != null && type.startsWith("CVSS_V3")) {
            double s = Cvss3.score(score);
            return s < 0 ? Severity.UNKNOWN : Severity.ofScore(s);
        }
        return Severity.parse(score); // Ubuntu's and others' words
    }

    private static Range.Event event(JsonNode e, String name, String id) {
        if (e.size() != 1) {
            throw new AdvisoryFormatException(name, id, "a range event must have exactly one of introduced, fixed, "
                    + "last_affected, limit: " + e);
        }
        String field = e.fieldNames().next();
        Range.Kind kind = switch (field) {
            case "introduced" -> Range.Kind.INTRODUCED;
            case "fixed" -> Range.Kind.FIXED;
            case "last_affected" -> Range.Kind.LAST_AFFECTED;
            case "limit" -> Range.Kind.LIMIT;
            default -> throw new AdvisoryFormatException(name, id, "unknown range event \"" + field + "\"");
        };
        if (!e.get(field).isTextual()) {
            throw new AdvisoryFormatException(name, id, "range event \"" + field + "\" is not a string");
        }
        return new Range.Event(kind, e.get(field).asText());
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    /**
     * PyPI package names as PEP 503 normalises them ({@code Foo_Bar.baz} is {@code foo-bar-baz}), the form the
     * image scan looks them up by: advisories write a project's name as its authors spell it.
     */
    static String pypiName(String ecosystem, String name) {
        if (name == null || ecosystem == null || !ecosystem.equalsIgnoreCase("PyPI")) {
            return name;
        }
        return name.replaceAll("[-_.]+", "-").toLowerCase(java.util.Locale.ROOT);
    }
}
