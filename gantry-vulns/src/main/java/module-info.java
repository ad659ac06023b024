/**
 * Vulnerability scanning for images: version order per package ecosystem, a local advisory
 * database built from published advisory formats (OSV, the Debian Security Tracker, Alpine
 * secdb, Red Hat CSAF VEX), and the scan that matches an image's OS packages (from the analysis module) against
 * it, layer by layer. A module of its own so that no short command loads it.
 */
module dev.gantry.vulns {
    requires transitive dev.gantry.analysis;
    requires transitive java.net.http;
    requires org.apache.maven.v3.artifact;

    exports dev.gantry.vulns.version;
    exports dev.gantry.vulns.db;
    exports dev.gantry.vulns.scan;
    exports dev.gantry.vulns.triage;
    exports dev.gantry.vulns.report;
}
