package dev.gantry.vulns.db;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A Debian Security Tracker JSON of the real file's shape and any size (packages, CVE entries of
 * four releases with the real statuses, urgencies and no-dsa notes), and, as a program, an import
 * of it: {@code java -Xmx.. SyntheticTracker IN DB} (the heap bound is the caller's).
 */
public final class SyntheticTracker {
    private SyntheticTracker() {
    }

    /** Writes {@code packages} packages with {@code cves} entries each; about 0.8 KB per entry. */
    public static void write(Path file, int packages, int cves) throws IOException {
        String[] releases = {"bullseye", "bookworm", "trixie", "sid"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{");
            for (int p = 0; p < packages; p++) {
                out.write((p == 0 ? "" : ",") + "\n  \"pkg" + p + "\": {");
                for (int c = 0; c < cves; c++) {
                    out.write((c == 0 ? "" : ",") + "\n    \"CVE-2099-" + (p * cves + c) + "\": {\"description\": "
                            + "\"A synthetic issue in pkg" + p + " standing in for a real tracker entry of about the "
                            + "same length, so that the file has the real one's size and shape\", \"scope\": \"remote\", "
                            + "\"debianbug\": " + (100000 + c) + ", \"releases\": {");
                    for (int r = 0; r < releases.length; r++) {
                        String rel = releases[r];
                        String status = switch ((p + c + r) % 5) {
                            case 0, 1 -> "\"status\": \"resolved\", \"fixed_version\": \"" + (c + 1) + ".0-" + r + "\"";
                            case 2 -> "\"status\": \"open\", \"nodsa\": \"Minor issue\", \"nodsa_reason\": \"postponed\"";
                            case 3 -> "\"status\": \"open\"";
                            default -> "\"status\": \"undetermined\"";
                        };
                        String urgency = (c % 3 == 0) ? "unimportant" : (c % 3 == 1) ? "low" : "not yet assigned";
                        out.write((r == 0 ? "" : ", ") + "\"" + rel + "\": {" + status + ", \"repositories\": {\"" + rel
                                + "\": \"" + (c + 1) + ".0-" + r + "\"}, \"urgency\": \"" + urgency + "\"}");
                    }
                    out.write("}}");
                }
                out.write("\n  }");
            }
            out.write("\n}\n");
        }
    }

    /**
     * Imports a tracker file into a database.
     *
     * @param args the tracker file and the database file
     * @throws IOException when the import fails
     */
    public static void main(String[] args) throws IOException {
        DbInfo info = new AdvisoryImporter(Clock.systemUTC())
                .importAll(List.of(new AdvisoryImporter.Input(Path.of(args[0]), args[0])), Path.of(args[1]));
        System.out.println(info.advisories() + " " + info.packages());
    }
}
