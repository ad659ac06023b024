/**
 * The {@code gantry} command ({@code dev.gantry.cli.Main}): picocli verbs that parse, call the
 * library modules and format. An application, so it exports nothing. The {@code ./gantry}
 * launcher runs it on the class path; this descriptor lets it run on the module path too.
 */
module dev.gantry.cli {
    requires dev.gantry.core;
    requires dev.gantry.registry.client;
    requires dev.gantry.registry;
    requires dev.gantry.runtime;
    requires dev.gantry.analysis;
    requires dev.gantry.build;
    requires dev.gantry.vulns;
    requires info.picocli;
    requires dev.gantry.picocli.specs;
    requires java.logging;

    // The commands' models are generated code (gantry-picocli-specs) that sets their fields directly;
    // picocli still creates some instances by reflection (the root's private constructor, a version
    // provider) and reads a command without a generated spec the old way. --json writes the
    // commands' result records with Jackson.
    opens dev.gantry.cli to info.picocli;
    opens dev.gantry.cli.commands to info.picocli, com.fasterxml.jackson.databind;
}
