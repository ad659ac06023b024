package dev.gantry.vulns.triage;

import dev.gantry.error.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The vulnerability ignore file ({@code .gantryignore-vulns} by default): one entry a line,
 * <pre>
 * # comment
 * ID [PACKAGE] until=YYYY-MM-DD REASON...
 * </pre>
 * where ID is a vulnerability id or alias, PACKAGE an optional binary or source package name or
 * purl, and the expiry date and the reason are both required. An entry past its date fails the
 * read with an {@link InvalidInputException} naming the file, line and entry: an acceptance nobody
 * renewed must not keep hiding a vulnerability silently. An entry without a reason is refused the
 * same way.
 */
public final class IgnoreFile {
    /** The file {@code gantry vulns} reads from the current directory when no {@code --ignore-file} is given. */
    public static final String DEFAULT_NAME = ".gantryignore-vulns";

    private IgnoreFile() {
    }

    /**
     * Reads an ignore file and checks every entry's expiry.
     *
     * @param file  the file
     * @param today the current date (UTC); an entry is valid through its {@code until} day
     * @return the entries, in file order
     * @throws IOException           when the file cannot be read
     * @throws InvalidInputException naming {@code FILE:LINE} for a malformed, reason-less or expired entry
     */
    public static List<IgnoreEntry> read(Path file, LocalDate today) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<IgnoreEntry> entries = new ArrayList<>();
        String name = file.toString();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            IgnoreEntry entry = parse(line, name, i + 1);
            if (today.isAfter(entry.until())) {
                throw new InvalidInputException(entry.origin() + ": ignore entry " + entry.id()
                        + (entry.pkg() == null ? "" : " " + entry.pkg()) + " expired on " + entry.until() + " (\""
                        + entry.reason() + "\"): review it, then set a new until= date or remove the line");
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private static IgnoreEntry parse(String line, String file, int number) {
        String[] tokens = line.split("\\s+");
        String where = file + ":" + number;
        int next = 1;
        String pkg = null;
        if (tokens.length > 1 && !tokens[1].startsWith("until=")) {
            pkg = tokens[1];
            next = 2;
        }
        if (tokens.length <= next || !tokens[next].startsWith("until=")) {
            throw new InvalidInputException(where + ": ignore entry " + tokens[0] + " has no until=YYYY-MM-DD "
                    + "(format: ID [PACKAGE] until=YYYY-MM-DD REASON...)");
        }
        LocalDate until;
        try {
            until = LocalDate.parse(tokens[next].substring("until=".length()));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(where + ": ignore entry " + tokens[0] + ": '" + tokens[next]
                    + "' is not until=YYYY-MM-DD");
        }
        StringBuilder reason = new StringBuilder();
        for (int t = next + 1; t < tokens.length; t++) {
            reason.append(reason.isEmpty() ? "" : " ").append(tokens[t]);
        }
        if (reason.isEmpty()) {
            throw new InvalidInputException(where + ": ignore entry " + tokens[0] + " has no reason: say why it is "
                    + "accepted after the until= date");
        }
        return new IgnoreEntry(tokens[0], pkg, until, reason.toString(), file, number);
    }
}
