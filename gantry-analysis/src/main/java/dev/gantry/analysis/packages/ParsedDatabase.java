package dev.gantry.analysis.packages;

import java.util.List;

/**
 * A package database as parsed: its packages, or why it could not be read (a damaged jar: the packages read
 * before the damage, and why).
 *
 * @param records the packages, empty when not read
 * @param error   why it was not read (to its end), or null
 */
record ParsedDatabase(List<PackageRecord> records, String error) {
    static ParsedDatabase unread(String why) {
        return new ParsedDatabase(List.of(), why);
    }
}
