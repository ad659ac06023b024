package dev.gantry.rpmdb;

import dev.gantry.analysis.packages.MalformedDatabaseException;

/**
 * An rpm database that could not be read: not SQLite, not rpm's schema, or a package row whose header does not
 * parse. The scan reports the database as not read with this message, which names the database and, for a
 * header, the row.
 */
public final class RpmDatabaseException extends MalformedDatabaseException {
    private final String path;
    private final long row;
    private final String problem;

    RpmDatabaseException(String path, long row, String problem, Throwable cause) {
        super(path + (row >= 0 ? ", package row " + row : "") + ": " + problem, cause);
        this.path = path;
        this.row = row;
        this.problem = problem;
    }

    /**
     * The message without the database's path, which the report states beside it.
     *
     * @return e.g. "package row 7: header index count 70000 outside 1..65535"
     */
    @Override
    public String reason() {
        return (row >= 0 ? "package row " + row + ": " : "") + problem;
    }

    /**
     * The database's path in the image.
     *
     * @return e.g. {@code var/lib/rpm/rpmdb.sqlite}
     */
    public String path() {
        return path;
    }

    /**
     * The package row whose header did not parse.
     *
     * @return the row's {@code hnum}, or -1 when the database as a whole was refused
     */
    public long row() {
        return row;
    }
}
