package dev.gantry.vulns.db;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Alpine's secdb ({@code https://secdb.alpinelinux.org/v3.19/main.json}): {@code distroversion}
 * names the branch, each {@code packages[].pkg} an aport (the origin, i.e. source, package) with
 * {@code secfixes}: for each version, the ids it fixed. A version fixes its ids for every version
 * below it; the pseudo-version {@code 0} lists ids that never affected the branch. An id string may
 * carry aliases after a space.
 */
final class AlpineSecdbImporter {
    private AlpineSecdbImporter() {
    }

    static long importJson(JsonParser parser, String name, AdvisorySink sink) throws IOException {
        String entry = null;
        long count = 0;
        String branch = null;
        try (parser) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new AdvisoryFormatException(name, null, "not an Alpine secdb file (no JSON object)");
            }
            List<JsonNode> packages = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("distroversion")) {
                    branch = parser.getValueAsString();
                } else if (field.equals("packages")) {
                    if (parser.currentToken() != JsonToken.START_ARRAY) {
                        throw new AdvisoryFormatException(name, null, "\"packages\" is not an array");
                    }
                    // entries before distroversion wait (it comes first in Alpine's files)
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode p = Trees.read(parser);
                        if (branch == null) {
                            packages.add(p);
                        } else {
                            count += convert(p, branch, name, sink);
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (branch == null) {
                throw new AdvisoryFormatException(name, null, "no \"distroversion\"");
            }
            for (JsonNode p : packages) {
                count += convert(p, branch, name, sink);
            }
        } catch (JsonProcessingException e) {
            throw new AdvisoryFormatException(name, entry, "invalid JSON at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        return count;
    }

    private static long convert(JsonNode p, String branch, String name, AdvisorySink sink) throws IOException {
        JsonNode pkg = p.path("pkg");
        String pkgName = OsvImporter.text(pkg, "name");
        if (pkgName == null) {
            throw new AdvisoryFormatException(name, null, "a package without pkg.name");
        }
        JsonNode secfixes = pkg.path("secfixes");
        if (!secfixes.isObject()) {
            throw new AdvisoryFormatException(name, pkgName, "pkg.secfixes is missing or not an object");
        }
        long count = 0;
        String ecosystem = "Alpine:" + branch;
        for (Map.Entry<String, JsonNode> fix : secfixes.properties()) {
            String version = fix.getKey();
            if (!fix.getValue().isArray()) {
                throw new AdvisoryFormatException(name, pkgName + "/" + version, "the fixed ids are not an array");
            }
            for (JsonNode idNode : fix.getValue()) {
                String[] ids = idNode.asText().strip().split("\\s+");
                if (!idNode.isTextual() || ids[0].isEmpty()) {
                    throw new AdvisoryFormatException(name, pkgName + "/" + version, "an empty or non-string id");
                }
                boolean never = version.equals("0");
                sink.add(new Advisory(ids[0], List.copyOf(Arrays.asList(ids).subList(1, ids.length)), ecosystem, pkgName,
                        never ? Status.NOT_AFFECTED : Status.AFFECTED, never ? List.of() : List.of(Range.fixedAt(version)),
                        List.of(), Severity.UNKNOWN, null, null, name));
                count++;
            }
        }
        return count;
    }
}
