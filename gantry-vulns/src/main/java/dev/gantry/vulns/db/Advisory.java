package dev.gantry.vulns.db;

import java.util.List;

/**
 * What one advisory says about one package in one ecosystem, as the database keeps it.
 *
 * @param id           the advisory's id ({@code CVE-2024-1234}, {@code DSA-5678-1}, {@code GHSA-...})
 * @param aliases      other ids for the same vulnerability
 * @param ecosystem    OSV ecosystem, with release where the source has one ({@code Debian:12}, {@code Alpine:v3.19})
 * @param pkg          the package name as the ecosystem's advisories name it (Debian and Alpine: the source package)
 * @param status       what the advisory says before versions are compared
 * @param ranges       affected ranges (OSV {@code ECOSYSTEM} semantics)
 * @param versions     individually listed affected versions
 * @param severity     the severity, {@code UNKNOWN} when not given
 * @param severityText what the advisory states: a CVSS vector, Debian's urgency, a word
 * @param note         a remark from the source, e.g. Debian's no-dsa reason; null when none
 * @param source       the file or URL it was imported from
 */
public record Advisory(String id, List<String> aliases, String ecosystem, String pkg, Status status,
                       List<Range> ranges, List<String> versions, Severity severity, String severityText,
                       String note, String source) {
}
