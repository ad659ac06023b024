package dev.gantry.dockerfile;

import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** $VAR expansion forms and the builder's ARG/ENV scoping, driven by parsed Dockerfiles. */
class VariablesTest {
    private static final Map<String, String> AMD64 = Variables.platformArgs("linux/amd64", "linux/arm64/v8");

    @Test
    void expandsEveryParameterForm() {
        Variables v = Variables.global(Map.of(), Map.of(), '\\')
                .declare("SET", "value").declare("EMPTY", "\"\"").declare("UNSET", null);
        assertThat(v.expand("$SET/${SET}/$UNSET.")).isEqualTo("value/value/.");
        assertThat(v.expand("${UNSET:-dflt} ${EMPTY:-dflt} ${EMPTY-dflt} ${UNSET-dflt}")).isEqualTo("dflt dflt  dflt");
        assertThat(v.expand("${SET:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}")).isEqualTo("alt  alt ");
        assertThat(v.expand("${UNSET:-${SET}-x}")).isEqualTo("value-x");
        assertThat(v.expand("'$SET' \"$SET\" \\$SET \"\\$SET\" a\\ b")).isEqualTo("$SET value $SET $SET a b");
        assertThat(v.expand("cost: $5 and $")).isEqualTo("cost: $5 and $");
        assertThat(v.expand("${SET:?must be set}")).isEqualTo("value");
        assertThatThrownBy(() -> v.expand("${UNSET:?set VERSION first}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("UNSET: set VERSION first");
        assertThatThrownBy(() -> v.expand("${SET")).isInstanceOf(InvalidInputException.class).hasMessageContaining("unterminated ${");
        assertThatThrownBy(() -> v.expand("${SET^^}")).isInstanceOf(InvalidInputException.class).hasMessageContaining("unsupported modifier");
        assertThatThrownBy(() -> v.expand("'open")).isInstanceOf(InvalidInputException.class).hasMessageContaining("single quote");
    }

    @Test
    void expandsPatternForms() {
        Variables v = Variables.global(Map.of(), Map.of(), '\\').declare("FILE", "/home/tux/book.tar.bz2").declare("V", "v1.2.3");
        assertThat(v.expand("${FILE#*/}|${FILE##*/}|${FILE%.*}|${FILE%%.*}")).isEqualTo("home/tux/book.tar.bz2|book.tar.bz2|/home/tux/book.tar|/home/tux/book");
        assertThat(v.expand("${V#v}-${V/./_}-${V//./_}-${V//[0-9]/N}-${V%[!0-9]*}")).isEqualTo("1.2.3-v1_2.3-v1_2_3-vN.N.N-v1.2");
        assertThat(v.expand("${MISSING#x}|${V#nomatch}")).isEqualTo("|v1.2.3");
    }

    @Test
    void backtickEscapeKeepsBackslashesLiteral() {
        Variables v = Variables.global(Map.of(), Map.of(), '`').declare("D", "C:\\data");
        assertThat(v.expand("$D\\logs `$D")).isEqualTo("C:\\data\\logs $D");
    }

    @Test
    void globalArgsReachFromLinesOnlyUnlessRedeclaredInTheStage() {
        Dockerfile file = DockerfileParser.parse("""
                ARG BASE=alpine
                ARG TAG=3.20
                FROM ${BASE}:${TAG} AS one
                RUN echo $TAG
                FROM ${BASE}:latest
                ARG TAG
                ARG OTHER=x-${TAG}
                """, "Dockerfile");
        Variables global = Variables.global(Map.of("TAG", "3.19"), AMD64, file.escape());
        for (ArgInstruction arg : file.globalArgs()) {
            global = global.declare(arg);
        }
        assertThat(global.expand(file.stages().get(0).baseImage())).isEqualTo("alpine:3.19");
        Variables first = global.stage(Map.of());
        assertThat(first.expand("$TAG|$BASE")).isEqualTo("|");
        Variables second = global.stage(Map.of());
        for (ArgInstruction arg : file.finalStage().all(ArgInstruction.class)) {
            second = second.declare(arg);
        }
        assertThat(second.expand("$TAG $OTHER $BASE")).isEqualTo("3.19 x-3.19 ");
    }

    @Test
    void platformArgsAreBuiltInForFromAndNeedDeclaringInAStage() {
        Variables global = Variables.global(Map.of(), AMD64, '\\');
        assertThat(global.expand("$TARGETOS/$TARGETARCH from $BUILDPLATFORM ($BUILDVARIANT)")).isEqualTo("linux/amd64 from linux/arm64/v8 (v8)");
        Variables stage = global.stage(Map.of());
        assertThat(stage.expand("[$TARGETARCH]")).isEqualTo("[]");
        assertThat(stage.declare("TARGETARCH", null).expand("[$TARGETARCH]")).isEqualTo("[amd64]");
    }

    @Test
    void envWinsOverArgAndIsExpandedWhenSet() {
        Dockerfile file = DockerfileParser.parse("""
                FROM alpine:3.20
                ARG VERSION=1
                ENV VERSION=2 DIR=/opt/app-${VERSION} PATH=$DIR/bin:$PATH
                """, "Dockerfile");
        Variables v = Variables.global(Map.of("VERSION", "9"), AMD64, '\\').stage(Map.of("PATH", "/usr/bin"));
        v = v.declare(file.finalStage().all(ArgInstruction.class).getFirst());
        assertThat(v.expand("$VERSION")).isEqualTo("9");
        v = v.withEnv(file.finalStage().all(KeyValueInstruction.class).getFirst());
        assertThat(v.expand("$VERSION")).isEqualTo("2");
        assertThat(v.env()).containsExactly(Map.entry("PATH", "/opt/app-2/bin:/usr/bin"), Map.entry("VERSION", "2"),
                Map.entry("DIR", "/opt/app-2"));
        assertThat(v.args()).containsEntry("VERSION", "9");
    }

    @Test
    void expandWordsSplitsUnquotedValues() {
        Variables v = Variables.global(Map.of(), Map.of(), '\\').declare("PORTS", "\"80 443\"");
        assertThat(v.expandWords("$PORTS 8080/udp \"$PORTS\"")).containsExactly("80", "443", "8080/udp", "80 443");
    }
}
