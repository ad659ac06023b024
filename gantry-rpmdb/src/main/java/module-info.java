/**
 * rpm's SQLite package database ({@code rpmdb.sqlite}, Fedora 33+, RHEL 9 and its rebuilds): the rows of its
 * {@code Packages} table are rpm headers, parsed here. Provides the analysis module's
 * {@link dev.gantry.analysis.packages.RpmDatabaseReader}; a module of its own so that sqlite-jdbc and its native
 * library load only when a scan meets an rpm database.
 */
module dev.gantry.rpmdb {
    requires transitive dev.gantry.analysis;
    requires org.xerial.sqlitejdbc;

    exports dev.gantry.rpmdb;

    provides dev.gantry.analysis.packages.RpmDatabaseReader with dev.gantry.rpmdb.SqliteRpmDatabaseReader;
}
