package dev.gantry.cli;

import picocli.CommandLine;

/** The version Maven stamped into the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"gantry " + (version != null ? version : "(development build)")
                + " (Java " + Runtime.version() + ")"};
    }
}
