/**
 * What is inside an image, streamed from any transport: the per-layer walker and file index
 * ({@code tree}, {@code blame}, {@code efficiency}, {@code diff}), secrets, packages, and the
 * Dockerfile linter.
 */
module dev.gantry.analysis {
    requires transitive dev.gantry.core;

    exports dev.gantry.analysis;
    exports dev.gantry.analysis.diff;
    exports dev.gantry.analysis.index;
    exports dev.gantry.analysis.lint;
    exports dev.gantry.analysis.packages;
    exports dev.gantry.analysis.secrets;
    exports dev.gantry.analysis.walk;

    // rpm SQLite databases are read by a provider in gantry-rpmdb, found only when an image holds one.
    uses dev.gantry.analysis.packages.RpmDatabaseReader;

    // Jackson reads the bundled secret-rules.json into the package's own (non-public) records.
    opens dev.gantry.analysis.secrets to com.fasterxml.jackson.databind;
}
