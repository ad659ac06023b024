package dev.gantry.vulns.db;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When and from what an advisory database was built.
 *
 * @param file       the database file
 * @param builtAt    when it was built
 * @param advisories how many advisory records it holds
 * @param packages   how many (ecosystem, package) keys
 * @param sources    the inputs, in import order
 */
public record DbInfo(Path file, Instant builtAt, long advisories, int packages, List<Source> sources) {

    /**
     * One input of the database.
     *
     * @param name       the file or URL
     * @param format     {@code osv}, {@code debian-tracker} or {@code alpine-secdb}
     * @param advisories how many advisory records it gave
     */
    public record Source(String name, String format, long advisories) {
    }

    /**
     * How old the database is.
     *
     * @param now the current time
     * @return the time since it was built
     */
    public Duration age(Instant now) {
        return Duration.between(builtAt, now);
    }
}
