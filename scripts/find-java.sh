# Sourced by ./gantry and ./run-tests: sets JAVA_HOME to a JDK >= 21, preferring the newest.
# Order: $JAVA_HOME if it is new enough, then every JDK under /usr/lib/jvm, newest first.

gantry_java_version() {
    # Prints the feature version (e.g. 25) of the JDK at $1, or nothing. Reads the JDK's
    # release file rather than starting a JVM per candidate (that cost ~0.15 s each).
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    local version=""
    if [ -r "$1/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
    fi
    if [ -z "$version" ]; then
        version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
    fi
    # Java 8 and older report 1.x.
    [ "$version" = "1" ] && version=8
    printf '%s' "$version"
}

gantry_find_java() {
    local best="" best_version=0 candidate version
    for candidate in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
        [ -d "$candidate" ] || continue
        version=$(gantry_java_version "$candidate")
        [ -n "$version" ] || continue
        if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$version" -ge 21 ]; then
            best="$candidate"; best_version="$version"; break
        fi
        if [ "$version" -gt "$best_version" ]; then
            best="$candidate"; best_version="$version"
        fi
    done
    if [ -z "$best" ] || [ "$best_version" -lt 21 ]; then
        echo "gantry: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
        echo "gantry: install one, e.g. 'apt-get install openjdk-21-jdk' or a Temurin 25 JDK, or point JAVA_HOME at it." >&2
        return 1
    fi
    export JAVA_HOME="$best"
    # Debian's Maven 3.8 uses sun.misc.Unsafe through Guava; JDK 24+ warns about it on every run.
    if [ "$best_version" -ge 24 ]; then
        case " ${MAVEN_OPTS:-} " in
            *sun-misc-unsafe*) ;;
            *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
        esac
    fi
}
