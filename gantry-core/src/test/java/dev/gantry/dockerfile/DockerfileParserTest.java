package dev.gantry.dockerfile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each construct of the Dockerfile reference on real Dockerfile text, and each syntax error. */
class DockerfileParserTest {
    private static Dockerfile parse(String text) {
        return DockerfileParser.parse(text, "Dockerfile");
    }

    @Test
    void readsStagesWithNamesPlatformsAndLineRanges() {
        Dockerfile file = parse("""
                # syntax=docker/dockerfile:1
                ARG GO_VERSION=1.22
                FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS Build
                WORKDIR /src
                RUN go build -o /app .

                from gcr.io/distroless/static:nonroot
                copy --from=build /app /app
                ENTRYPOINT ["/app"]
                """);
        assertThat(file.directives()).containsEntry("syntax", "docker/dockerfile:1");
        assertThat(file.globalArgs()).singleElement().satisfies(a ->
                assertThat(a.declarations()).containsExactly(new ArgInstruction.Declaration("GO_VERSION", "1.22")));
        assertThat(file.stages()).hasSize(2);
        Stage build = file.stages().getFirst();
        assertThat(build.baseImage()).isEqualTo("golang:${GO_VERSION}");
        assertThat(build.name()).contains("build");
        assertThat(build.platform()).contains("$BUILDPLATFORM");
        assertThat(build.from().line()).isEqualTo(3);
        assertThat(build.instructions()).extracting(Instruction::keyword).containsExactly("WORKDIR", "RUN");
        Stage last = file.finalStage();
        assertThat(last.from().line()).isEqualTo(7);
        CopyInstruction copy = last.all(CopyInstruction.class).getFirst();
        assertThat(copy.from()).contains("build");
        assertThat(copy.sources()).containsExactly("/app");
        assertThat(copy.destination()).isEqualTo("/app");
        assertThat(file.stage("build")).contains(build);
        assertThat(file.stage("1")).contains(last);
        assertThat(file.instructions()).hasSize(7);
    }

    @Test
    void joinsContinuationsSkippingCommentAndBlankLinesInside() {
        Dockerfile file = parse("""
                FROM debian:12
                RUN apt-get update && \\
                # a comment inside the continuation
                    apt-get install -y curl \\

                    && rm -rf /var/lib/apt/lists/*
                USER app
                """);
        RunInstruction run = file.finalStage().all(RunInstruction.class).getFirst();
        assertThat(run.source().startLine()).isEqualTo(2);
        assertThat(run.source().endLine()).isEqualTo(6);
        assertThat(run.command().text()).isEqualTo("apt-get update &&     apt-get install -y curl     && rm -rf /var/lib/apt/lists/*");
        assertThat(run.command().isExecForm()).isFalse();
        assertThat(file.comments()).containsExactly(new Comment(3, "a comment inside the continuation"));
        assertThat(file.finalStage().instructions().getLast().line()).isEqualTo(7);
    }

    /** Found by DockerfileFuzzTest: a continuation on the last line claimed the line after the final newline. */
    @Test
    void aContinuationAtTheEndOfTheFileEndsOnTheLastLineWithContent() {
        Dockerfile file = parse("FROM scratch\nCOPY testfile.txt c:\\\n");
        CopyInstruction copy = file.finalStage().all(CopyInstruction.class).getFirst();
        assertThat(copy.source().startLine()).isEqualTo(2);
        assertThat(copy.source().endLine()).isEqualTo(2);
        Dockerfile trailingBlanks = parse("FROM scratch\nRUN echo a \\\n\n\n");
        assertThat(trailingBlanks.finalStage().instructions().getFirst().source().endLine()).isEqualTo(2);
    }

    @Test
    void anEscapedEscapeAtTheEndOfALineDoesNotContinueIt() {
        Dockerfile file = parse("""
                FROM hello-world
                ENV C trailing\\\\backslash\\\\
                ENV D not appended to C
                ENV E hello\\
                \\
                world
                """);
        assertThat(file.finalStage().all(KeyValueInstruction.class)).extracting(k -> k.pairs().getFirst()).containsExactly(
                new KeyValue("C", "trailing\\\\backslash\\\\"), new KeyValue("D", "not appended to C"), new KeyValue("E", "helloworld"));
    }

    @Test
    void doubleDashEndsFlagsAndQuotesDoNotGroupCopyArguments() {
        Dockerfile file = parse("FROM scratch\nCOPY --link -- --odd-name \"a b\" /dst/\n");
        CopyInstruction copy = file.finalStage().all(CopyInstruction.class).getFirst();
        assertThat(copy.flags()).containsExactly(new Flag("link", null));
        assertThat(copy.sources()).containsExactly("--odd-name", "\"a", "b\"");
    }

    @Test
    void backtickEscapeDirectiveChangesTheContinuationCharacter() {
        Dockerfile file = parse("""
                # escape=`
                FROM mcr.microsoft.com/windows/servercore:ltsc2022
                RUN dir c:\\ `
                    /s
                COPY testfile.txt c:\\
                """);
        assertThat(file.escape()).isEqualTo('`');
        assertThat(file.finalStage().all(RunInstruction.class).getFirst().command().text()).isEqualTo("dir c:\\     /s");
        assertThat(file.finalStage().all(CopyInstruction.class).getFirst().destination()).isEqualTo("c:\\");
    }

    @Test
    void directivesStopAtTheFirstOtherLine() {
        Dockerfile file = parse("""
                # a comment first
                # escape=`
                FROM alpine:3.20
                """);
        assertThat(file.directives()).isEmpty();
        assertThat(file.escape()).isEqualTo('\\');
        assertThat(file.comments()).extracting(Comment::text).containsExactly("a comment first", "escape=`");
    }

    @Test
    void instructionsAreCaseInsensitive() {
        Dockerfile file = parse("from alpine:3.20\nRun echo hi\nworkDir /app\ncmd [\"sh\"]\n");
        assertThat(file.finalStage().instructions()).extracting(Instruction::keyword).containsExactly("RUN", "WORKDIR", "CMD");
    }

    @Test
    void distinguishesExecFromShellForm() {
        Dockerfile file = parse("""
                FROM alpine:3.20
                SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
                ENTRYPOINT ["/bin/server", "--port", "8080"]
                CMD exec /bin/server
                RUN [not json
                VOLUME ["/data", "/logs"]
                """);
        List<CommandInstruction> commands = file.finalStage().all(CommandInstruction.class);
        assertThat(commands.get(0).command().exec()).containsExactly("/bin/ash", "-eo", "pipefail", "-c");
        assertThat(commands.get(1).command().exec()).containsExactly("/bin/server", "--port", "8080");
        assertThat(commands.get(2).command().isExecForm()).isFalse();
        assertThat(file.finalStage().all(RunInstruction.class).getFirst().command().text()).isEqualTo("[not json");
        assertThat(file.finalStage().all(SimpleInstruction.class).getFirst().words()).containsExactly("/data", "/logs");
    }

    @Test
    void readsFlagsOfRunCopyAndAdd() {
        Dockerfile file = parse("""
                FROM node:20-slim
                RUN --mount=type=secret,id=npmrc,target=/root/.npmrc --mount=type=cache,target=/root/.npm --network=none npm ci
                COPY --chown=node:node --chmod=0644 --link package.json package-lock.json ./
                ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tgz /a.tgz
                """);
        RunInstruction run = file.finalStage().all(RunInstruction.class).getFirst();
        assertThat(run.mounts()).containsExactly(
                Map.of("type", "secret", "id", "npmrc", "target", "/root/.npmrc"),
                Map.of("type", "cache", "target", "/root/.npm"));
        assertThat(run.flag("network")).contains(new Flag("network", "none"));
        assertThat(run.command().text()).isEqualTo("npm ci");
        List<CopyInstruction> copies = file.finalStage().all(CopyInstruction.class);
        assertThat(copies.get(0).flags()).containsExactly(new Flag("chown", "node:node"), new Flag("chmod", "0644"), new Flag("link", null));
        assertThat(copies.get(0).sources()).containsExactly("package.json", "package-lock.json");
        assertThat(copies.get(1).isAdd()).isTrue();
        assertThat(copies.get(1).sources()).containsExactly("https://example.com/a.tgz");
    }

    @Test
    void readsHeredocsOfRunAndCopy() {
        Dockerfile file = parse("""
                FROM alpine:3.20
                RUN <<EOF
                apk add --no-cache curl
                echo done
                EOF
                COPY <<-'CONF' /etc/app.conf
                \tport=$PORT
                \tCONF
                RUN cat <<A <<"B" > /x
                a
                A
                b
                B
                USER 1000
                """);
        List<RunInstruction> runs = file.finalStage().all(RunInstruction.class);
        assertThat(runs.getFirst().heredocs()).containsExactly(new Heredoc("EOF", "apk add --no-cache curl\necho done\n", true, false));
        assertThat(runs.getFirst().source()).isEqualTo(new Source(2, 5, "RUN <<EOF"));
        CopyInstruction copy = file.finalStage().all(CopyInstruction.class).getFirst();
        assertThat(copy.sources()).containsExactly("<<-'CONF'");
        assertThat(copy.destination()).isEqualTo("/etc/app.conf");
        assertThat(copy.heredocs()).containsExactly(new Heredoc("CONF", "port=$PORT\n", false, true));
        assertThat(runs.get(1).heredocs()).extracting(Heredoc::content).containsExactly("a\n", "b\n");
        assertThat(file.finalStage().instructions().getLast().line()).isEqualTo(14);
    }

    @Test
    void readsEnvLabelArgInBothForms() {
        Dockerfile file = parse("""
                FROM alpine:3.20
                ENV PATH=/opt/bin:$PATH LANG="C.UTF-8" MSG=hello\\ world
                ENV LEGACY some value with spaces
                LABEL "org.opencontainers.image.title"="gantry test" version=1
                ARG A B=2
                """);
        List<KeyValueInstruction> kv = file.finalStage().all(KeyValueInstruction.class);
        assertThat(kv.get(0).pairs()).containsExactly(new KeyValue("PATH", "/opt/bin:$PATH"),
                new KeyValue("LANG", "\"C.UTF-8\""), new KeyValue("MSG", "hello\\ world"));
        assertThat(kv.get(1).pairs()).containsExactly(new KeyValue("LEGACY", "some value with spaces"));
        assertThat(kv.get(2).keyword()).isEqualTo("LABEL");
        assertThat(kv.get(2).pairs()).containsExactly(new KeyValue("\"org.opencontainers.image.title\"", "\"gantry test\""),
                new KeyValue("version", "1"));
        assertThat(file.finalStage().all(ArgInstruction.class).getFirst().declarations())
                .containsExactly(new ArgInstruction.Declaration("A", null), new ArgInstruction.Declaration("B", "2"));
    }

    @Test
    void readsHealthcheckAndOnbuild() {
        Dockerfile file = parse("""
                FROM alpine:3.20
                HEALTHCHECK --interval=30s --retries=3 CMD wget -q -O- http://localhost/ || exit 1
                ONBUILD COPY . /app
                """);
        HealthcheckInstruction health = file.finalStage().all(HealthcheckInstruction.class).getFirst();
        assertThat(health.flag("interval")).contains(new Flag("interval", "30s"));
        assertThat(health.command().text()).isEqualTo("wget -q -O- http://localhost/ || exit 1");
        assertThat(parse("FROM a:1\nHEALTHCHECK NONE\n").finalStage().all(HealthcheckInstruction.class).getFirst().disables()).isTrue();
        OnbuildInstruction onbuild = file.finalStage().all(OnbuildInstruction.class).getFirst();
        assertThat(onbuild.trigger()).isInstanceOf(CopyInstruction.class);
    }

    @Test
    void keepsDuplicateStageNamesForTheLinterToReport() {
        Dockerfile file = parse("FROM a:1 AS x\nFROM b:1 AS x\n");
        assertThat(file.stages()).extracting(s -> s.name().orElseThrow()).containsExactly("x", "x");
    }

    @Test
    void acceptsWindowsLineEndingsAndAByteOrderMark() {
        Dockerfile file = parse("\uFEFFFROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\n");
        assertThat(file.finalStage().all(RunInstruction.class).getFirst().command().text()).isEqualTo("echo a   b");
    }

    @Test
    void errorsNameTheLineAndTheProblem() {
        assertError("FROM alpine:3.20\n\nRUNN echo\n", 3, "unknown instruction 'RUNN'");
        assertError("RUN echo\nFROM alpine\n", 1, "RUN before the first FROM");
        assertError("# only a comment\n", 1, "no FROM instruction");
        assertError("FROM alpine AS\n", 1, "FROM takes an image and an optional stage name");
        assertError("FROM alpine AS 1st\n", 1, "invalid stage name '1st'");
        assertError("FROM alpine\nCOPY onlyone\n", 2, "COPY needs at least one source and a destination");
        assertError("FROM alpine\nCOPY --form=build /a /b\n", 2, "unknown flag --form for COPY");
        assertError("FROM alpine\nCMD --x\n", 2, "CMD takes no flags");
        assertError("FROM alpine\nCOPY --from /a /b\n", 2, "flag --from needs a value");
        assertError("FROM alpine\nENV ONLYKEY\n", 2, "ENV ONLYKEY has no value");
        assertError("FROM alpine\nENV A=1 B\n", 2, "'B' has no '='");
        assertError("FROM alpine\nSHELL /bin/bash -c\n", 2, "SHELL needs the exec form");
        assertError("FROM alpine\nRUN\n", 2, "RUN needs a command");
        assertError("FROM alpine\nWORKDIR\n", 2, "WORKDIR needs an argument");
        assertError("FROM alpine\nHEALTHCHECK curl x\n", 2, "HEALTHCHECK takes CMD");
        assertError("FROM alpine\nONBUILD FROM x\n", 2, "ONBUILD cannot trigger FROM");
        assertError("FROM alpine\n\nRUN <<EOF\necho\n", 3, "here-document <<EOF is never closed");
        assertError("# escape=x\nFROM alpine\n", 1, "invalid escape directive 'x'");
        assertError("# syntax=a\n# syntax=b\nFROM alpine\n", 2, "parser directive 'syntax' set twice");
        assertError("FROM alpine\nARG 9lives\n", 2, "invalid ARG name '9lives'");
    }

    private static void assertError(String text, int line, String problem) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(DockerfileSyntaxException.class)
                .hasMessageStartingWith("Dockerfile:" + line + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((DockerfileSyntaxException) e).line()).isEqualTo(line));
    }
}
