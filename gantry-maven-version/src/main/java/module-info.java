/** Maven's version order (maven-artifact's ComparableVersion), exported alone. */
module org.apache.maven.v3.artifact {
    exports org.apache.maven.artifact.versioning;
}
