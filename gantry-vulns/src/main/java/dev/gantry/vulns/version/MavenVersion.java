package dev.gantry.vulns.version;

import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Maven's version order, exactly as Maven orders versions: maven-artifact's
 * {@link ComparableVersion} (the class Maven itself uses, taken unchanged rather than rewritten:
 * its qualifier table, {@code alpha < beta < milestone < rc < snapshot < "" < sp}, and its
 * padding and transition rules have corners no rewrite reproduces reliably).
 */
public final class MavenVersion implements VersionOrder {
    /** The one instance. */
    public static final MavenVersion ORDER = new MavenVersion();

    private MavenVersion() {
    }

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public int compare(String a, String b) {
        return Integer.signum(new ComparableVersion(a.strip()).compareTo(new ComparableVersion(b.strip())));
    }
}
