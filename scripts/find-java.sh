# Sourced by ./gantry and ./run-tests: sets JAVA_HOME to a JDK >= 21, preferring the newest, and
# GANTRY_JAVA_FEATURE / GANTRY_JAVA_RELEASE to its feature version (25) and full version (25.0.3).
# Order: $JAVA_HOME if it is new enough, then every JDK under /usr/lib/jvm, newest first.
# Runs on every ./gantry start, so the common path forks no process (each fork costs 5-50 ms on a
# loaded machine): versions come from the JDK's release file, read with bash builtins.

gantry_read_java_version() {
    # Sets gantry_feature (e.g. 25, or empty) and gantry_release (e.g. 25.0.3) for the JDK at $1.
    gantry_feature="" gantry_release=""
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    local line
    if [ -r "$1/release" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case "$line" in
                JAVA_VERSION=*) line="${line#JAVA_VERSION=}"; line="${line//\"/}"; gantry_release="$line"; break ;;
            esac
        done <"$1/release"
    fi
    if [ -z "$gantry_release" ]; then
        # No release file: ask the JVM (costs ~0.15 s).
        gantry_release=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java\.version = \([0-9][0-9._]*\).*/\1/p' | head -n 1)
    fi
    gantry_feature="${gantry_release%%[!0-9]*}"
    # Java 8 and older report 1.x.
    [ "$gantry_feature" = "1" ] && gantry_feature=8
    return 0
}

gantry_java_version() {
    # Prints the feature version (e.g. 25) of the JDK at $1, or nothing.
    local gantry_feature gantry_release
    gantry_read_java_version "$1"
    printf '%s' "$gantry_feature"
}

gantry_find_java() {
    local best="" best_version=0 best_release="" candidate gantry_feature gantry_release
    for candidate in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
        [ -d "$candidate" ] || continue
        gantry_read_java_version "$candidate"
        [ -n "$gantry_feature" ] || continue
        if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$gantry_feature" -ge 21 ]; then
            best="$candidate"; best_version="$gantry_feature"; best_release="$gantry_release"; break
        fi
        if [ "$gantry_feature" -gt "$best_version" ]; then
            best="$candidate"; best_version="$gantry_feature"; best_release="$gantry_release"
        fi
    done
    if [ -z "$best" ] || [ "$best_version" -lt 21 ]; then
        echo "gantry: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
        echo "gantry: install one, e.g. 'apt-get install openjdk-21-jdk' or a Temurin 25 JDK, or point JAVA_HOME at it." >&2
        return 1
    fi
    export JAVA_HOME="$best"
    GANTRY_JAVA_FEATURE="$best_version"
    GANTRY_JAVA_RELEASE="$best_release"
    # Debian's Maven 3.8 uses sun.misc.Unsafe through Guava; JDK 24+ warns about it on every run.
    if [ "$best_version" -ge 24 ]; then
        case " ${MAVEN_OPTS:-} " in
            *sun-misc-unsafe*) ;;
            *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
        esac
    fi
}
