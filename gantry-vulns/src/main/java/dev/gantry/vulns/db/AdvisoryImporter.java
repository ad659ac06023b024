package dev.gantry.vulns.db;

import com.fasterxml.jackson.core.JsonParser;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Json;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the advisory database from files in their published formats, recognised by their bytes:
 * a zip is an OSV export; a JSON document with {@code csaf_version} near its start is a Red Hat CSAF VEX
 * file, one with {@code secfixes} or {@code distroversion} Alpine secdb, one with {@code releases} and {@code status} but no {@code affected} is the
 * Debian tracker, anything else is OSV. A directory contributes its {@code .json} and {@code .zip}
 * files, in name order. The import is all or nothing: the first bad entry stops it with an
 * {@link AdvisoryFormatException} naming file and entry, and the previous database stays.
 */
public final class AdvisoryImporter {
    private static final int SNIFF_BYTES = 64 * 1024;

    private final Clock clock;

    /**
     * An importer stamping databases with {@code clock}'s time.
     *
     * @param clock the clock
     */
    public AdvisoryImporter(Clock clock) {
        this.clock = clock;
    }

    /**
     * One input and how it is named in the database's sources.
     *
     * @param file the file or directory
     * @param name its name for the sources list and messages (a URL for downloads)
     */
    public record Input(Path file, String name) {
    }

    /**
     * Replaces the database at {@code db} with one built from {@code inputs}.
     *
     * @param inputs files and directories
     * @param db     the database file
     * @return the new database's metadata
     * @throws AdvisoryFormatException when an input is not a valid advisory file
     * @throws IOException             when reading or writing fails
     */
    public DbInfo importAll(List<Input> inputs, Path db) throws IOException {
        try (AdvisoryDbWriter writer = new AdvisoryDbWriter(db)) {
            for (Input input : inputs) {
                for (Input file : expand(input)) {
                    importFile(file, writer);
                }
            }
            writer.commit(clock.instant());
        }
        try (AdvisoryDb opened = AdvisoryDb.open(db)) {
            return opened.info();
        }
    }

    private static List<Input> expand(Input input) throws IOException {
        if (!Files.exists(input.file())) {
            throw new NoSuchFileException(input.file().toString());
        }
        if (!Files.isDirectory(input.file())) {
            return List.of(input);
        }
        List<Input> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(input.file())) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json") || p.getFileName().toString().endsWith(".zip"))
                    .sorted()
                    .forEach(p -> out.add(new Input(p, p.toString())));
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("directory " + input.file() + " holds no .json or .zip advisory files");
        }
        return out;
    }

    private static void importFile(Input input, AdvisoryDbWriter writer) throws IOException {
        long before = writer.count();
        String format;
        try (InputStream raw = Files.newInputStream(input.file());
             BufferedInputStream in = new BufferedInputStream(raw, SNIFF_BYTES)) {
            in.mark(SNIFF_BYTES);
            byte[] head = in.readNBytes(SNIFF_BYTES);
            in.reset();
            format = formatOf(head);
            switch (format) {
                case "osv-zip" -> OsvImporter.importZip(in, input.name(), writer);
                case "alpine-secdb" -> AlpineSecdbImporter.importJson(parser(in), input.name(), writer);
                case "redhat-csaf" -> RedHatCsafImporter.importJson(parser(in), input.name(), writer);
                case "debian-tracker" -> DebianTrackerImporter.importJson(parser(in), input.name(), writer);
                default -> OsvImporter.importJson(parser(in), input.name(), writer);
            }
        }
        writer.source(input.name(), format.equals("osv-zip") ? "osv" : format, writer.count() - before);
    }

    private static JsonParser parser(InputStream in) throws IOException {
        return Json.mapper().createParser(in);
    }

    /** The format of a file from its first bytes. */
    static String formatOf(byte[] head) {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "osv-zip";
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.contains("\"csaf_version\"")) {
            return "redhat-csaf";
        }
        if (text.contains("\"secfixes\"") || text.contains("\"distroversion\"")) {
            return "alpine-secdb";
        }
        if (text.contains("\"releases\"") && text.contains("\"status\"") && !text.contains("\"affected\"")) {
            return "debian-tracker";
        }
        return "osv";
    }
}
