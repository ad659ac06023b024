package dev.gantry.vulns.db;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Debian Security Tracker's JSON ({@code https://security-tracker.debian.org/tracker/data/json}):
 * {@code {SOURCE-PACKAGE: {CVE-ID: {description, releases: {CODENAME: {status, fixed_version,
 * urgency, nodsa, nodsa_reason, repositories}}}}}}. Read with Jackson's streaming parser: only one
 * CVE entry is a tree at a time, so the ~60 MB file never is. Per release: {@code resolved} with a
 * {@code fixed_version} affects versions below it ({@code 0}: never affected); {@code open} affects
 * every version; {@code undetermined} is kept as such; urgency {@code unimportant} and a
 * {@code nodsa} note mark the finding as one Debian will not fix in a security update.
 * Releases are keyed as OSV names them: {@code Debian:12} for bookworm, {@code Debian:sid} for sid.
 */
final class DebianTrackerImporter {
    /** Debian's numbered releases by codename (distro-info-data's debian.csv). */
    static final Map<String, String> RELEASES = Map.ofEntries(
            Map.entry("squeeze", "6"), Map.entry("wheezy", "7"), Map.entry("jessie", "8"), Map.entry("stretch", "9"),
            Map.entry("buster", "10"), Map.entry("bullseye", "11"), Map.entry("bookworm", "12"),
            Map.entry("trixie", "13"), Map.entry("forky", "14"), Map.entry("duke", "15"));

    private DebianTrackerImporter() {
    }

    /** The OSV ecosystem of a Debian release codename. */
    static String ecosystem(String codename) {
        return "Debian:" + RELEASES.getOrDefault(codename, codename);
    }

    static long importJson(JsonParser parser, String name, AdvisorySink sink) throws IOException {
        long count = 0;
        String entry = null;
        try (parser) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new AdvisoryFormatException(name, null, "not a Debian Security Tracker file (no JSON object)");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String pkg = parser.currentName();
                entry = pkg;
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new AdvisoryFormatException(name, pkg, "a package's value must be an object of CVE entries");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String id = parser.currentName();
                    entry = pkg + "/" + id;
                    if (parser.nextToken() != JsonToken.START_OBJECT) {
                        throw new AdvisoryFormatException(name, entry, "an entry must be a JSON object");
                    }
                    JsonNode cve = Trees.read(parser);
                    count += convert(pkg, id, cve, name, entry, sink);
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new AdvisoryFormatException(name, entry, "unexpected " + parser.currentToken());
            }
        } catch (JsonProcessingException e) {
            throw new AdvisoryFormatException(name, entry, "invalid JSON at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        return count;
    }

    private static long convert(String pkg, String id, JsonNode cve, String name, String entry, AdvisorySink sink)
            throws IOException {
        JsonNode releases = cve.path("releases");
        if (!releases.isObject()) {
            throw new AdvisoryFormatException(name, entry, "no \"releases\" object");
        }
        long count = 0;
        for (Map.Entry<String, JsonNode> r : releases.properties()) {
            JsonNode rel = r.getValue();
            String status = OsvImporter.text(rel, "status");
            if (status == null) {
                throw new AdvisoryFormatException(name, entry, "release " + r.getKey() + " has no \"status\"");
            }
            String urgency = OsvImporter.text(rel, "urgency");
            String fixed = OsvImporter.text(rel, "fixed_version");
            String nodsa = OsvImporter.text(rel, "nodsa");
            Status verdict;
            List<Range> ranges;
            switch (status) {
                case "resolved" -> {
                    if (fixed == null) {
                        throw new AdvisoryFormatException(name, entry, "release " + r.getKey()
                                + " is resolved without a \"fixed_version\"");
                    }
                    verdict = fixed.equals("0") ? Status.NOT_AFFECTED : Status.AFFECTED;
                    ranges = fixed.equals("0") ? List.of() : List.of(Range.fixedAt(fixed));
                }
                case "open" -> {
                    verdict = Status.AFFECTED;
                    ranges = List.of(Range.fixedAt(null));
                }
                case "undetermined" -> {
                    verdict = Status.UNDETERMINED;
                    ranges = List.of(Range.fixedAt(null));
                }
                default -> throw new AdvisoryFormatException(name, entry, "release " + r.getKey()
                        + " has an unknown status \"" + status + "\"");
            }
            String note = null;
            if (verdict == Status.AFFECTED && urgency != null && urgency.toLowerCase(Locale.ROOT).startsWith("unimportant")) {
                verdict = Status.UNIMPORTANT;
                note = "Debian rates it unimportant";
            } else if (verdict == Status.AFFECTED && nodsa != null) {
                verdict = Status.NO_DSA;
                String reason = OsvImporter.text(rel, "nodsa_reason");
                note = "no-dsa: " + nodsa + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
            } else if (urgency != null && urgency.equals("end-of-life")) {
                note = "end-of-life: Debian no longer supports this package in " + r.getKey();
            }
            sink.add(new Advisory(id, List.of(), ecosystem(r.getKey()), pkg, verdict, ranges, List.of(),
                    Severity.parse(urgency), urgency, note, name));
            count++;
        }
        return count;
    }
}
