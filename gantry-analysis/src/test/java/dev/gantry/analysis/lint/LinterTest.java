package dev.gantry.analysis.lint;

import dev.gantry.dockerfile.DockerfileParser;
import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every rule on a Dockerfile that commits its sin (found at the right line) and on one that avoids it (not found). */
class LinterTest {
    static LintReport lint(String text, String... ignored) {
        return new Linter(Set.of(ignored)).lint(DockerfileParser.parse(text, "Dockerfile"));
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                arguments("GL001", 3, """
                        FROM node:20-slim
                        WORKDIR /app
                        COPY . .
                        RUN npm ci
                        CMD ["node", "server.js"]
                        """, """
                        FROM node:20-slim
                        WORKDIR /app
                        COPY package.json package-lock.json ./
                        RUN npm ci
                        COPY . .
                        RUN npm run build
                        CMD ["node", "server.js"]
                        """),
                arguments("GL001", 3, """
                        FROM golang:1.22 AS build
                        WORKDIR /src
                        COPY . .
                        RUN go build -o /app .
                        FROM scratch
                        COPY --from=build /app /app
                        """, """
                        FROM golang:1.22 AS build
                        WORKDIR /src
                        COPY go.mod go.sum ./
                        RUN go mod download
                        COPY . .
                        RUN go build -o /app .
                        FROM scratch
                        COPY --from=build /app /app
                        """),
                arguments("GL002", 2, """
                        FROM alpine:3.20
                        COPY id_rsa /root/.ssh/id_rsa
                        RUN apk add --no-cache git && git clone git@example.com:org/repo.git /src
                        RUN rm /root/.ssh/id_rsa
                        USER 1000
                        """, """
                        FROM alpine:3.20
                        RUN --mount=type=secret,id=ssh,target=/root/.ssh/id_rsa apk add --no-cache git \\
                            && git clone git@example.com:org/repo.git /src
                        USER 1000
                        """),
                arguments("GL002", 3, """
                        FROM node:20-slim AS base
                        WORKDIR /app
                        COPY .npmrc package.json ./
                        FROM base
                        RUN npm install && rm -f .npmrc
                        """, """
                        FROM node:20-slim AS deps
                        WORKDIR /app
                        COPY .npmrc package.json ./
                        RUN npm install && rm -f .npmrc
                        FROM gcr.io/distroless/nodejs20-debian12:nonroot
                        COPY --from=deps /app/node_modules /app/node_modules
                        """),
                arguments("GL003", 2, """
                        FROM debian:12
                        RUN apt-get update && apt-get install -y --no-install-recommends curl
                        """, """
                        FROM debian:12
                        RUN apt-get update && apt-get install -y --no-install-recommends curl \\
                            && rm -rf /var/lib/apt/lists/*
                        """),
                arguments("GL003", 2, """
                        FROM debian:12
                        RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl
                        """, """
                        FROM debian:12
                        RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \\
                            apt-get update && apt-get install -y --no-install-recommends curl
                        """),
                arguments("GL004", 2, "FROM alpine:3.20\nRUN apk update && apk add curl\n",
                        "FROM alpine:3.20\nRUN apk add --no-cache curl\n"),
                arguments("GL005", 2, "FROM rockylinux:9\nRUN dnf install -y httpd\n",
                        "FROM rockylinux:9\nRUN dnf install -y httpd && dnf clean all\n"),
                arguments("GL005", 2, "FROM centos:7\nRUN yum -y install httpd\n",
                        "FROM centos:7\nRUN yum -y install httpd && yum clean all && rm -rf /var/cache/yum\n"),
                arguments("GL006", 2, "FROM debian:12\nRUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\n",
                        "FROM debian:12\nRUN apt-get update && apt-get install -qy curl && rm -rf /var/lib/apt/lists/*\n"),
                arguments("GL007", 2, "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
                        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"),
                arguments("GL008", 1, """
                        FROM golang:1.22
                        WORKDIR /src
                        COPY go.mod go.sum ./
                        RUN go mod download
                        COPY . .
                        RUN go build -o /app .
                        CMD ["/app"]
                        """, """
                        FROM golang:1.22 AS build
                        WORKDIR /src
                        COPY . .
                        RUN go build -o /app .
                        FROM gcr.io/distroless/static-debian12:nonroot
                        COPY --from=build /app /app
                        CMD ["/app"]
                        """),
                arguments("GL008", 1, "FROM node:20\nCOPY . .\nRUN npm run build\nCMD [\"node\", \"dist/index.js\"]\n",
                        "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"),
                arguments("GL008", 3, "FROM eclipse-temurin:21 AS base\nRUN echo\nFROM base\n",
                        "FROM eclipse-temurin:21-jre AS base\nRUN echo\nFROM base\n"),
                arguments("GL009", 1, "FROM ubuntu\nUSER 1000\n", "FROM ubuntu:24.04\nUSER 1000\n"),
                arguments("GL009", 2, "ARG BASE=alpine\nFROM ${BASE}\n", "ARG BASE=alpine:3.20\nFROM ${BASE}\n"),
                arguments("GL010", 1, "FROM alpine:latest\n", "FROM alpine@sha256:" + "a".repeat(64) + "\n"),
                arguments("GL011", 1, "FROM alpine:3.20\nRUN adduser -D app\n", "FROM alpine:3.20\nRUN adduser -D app\nUSER app\n"),
                arguments("GL011", 3, "FROM alpine:3.20\nUSER app\nUSER root:root\n", "FROM alpine:3.20\nUSER root\nRUN id\nUSER 10001:10001\n"),
                arguments("GL011", 3, "FROM alpine:3.20 AS base\nUSER app\nFROM alpine:3.20\n",
                        "FROM alpine:3.20 AS base\nUSER app\nFROM base\n"),
                arguments("GL012", 2, "FROM alpine:3.20\nADD app.py /app/\n", "FROM alpine:3.20\nADD rootfs.tar.gz /\n"),
                arguments("GL013", 2, "FROM alpine:3.20\nADD https://example.com/tool.tgz /opt/\n",
                        "FROM alpine:3.20\nADD --checksum=sha256:" + "b".repeat(64) + " https://example.com/tool.tgz /opt/\n"),
                arguments("GL014", 2, "FROM alpine:3.20\nRUN cd /app && make\n", "FROM alpine:3.20\nWORKDIR /app\nRUN make\n"),
                arguments("GL015", 2, "FROM alpine:3.20\nWORKDIR app\n", "FROM alpine:3.20\nWORKDIR /app\nWORKDIR $HOME/src\n"),
                arguments("GL016", 2, "FROM ubuntu:24.04\nRUN sudo apt-get update\n", "FROM ubuntu:24.04\nRUN apt-get update\n"),
                arguments("GL017", 2, "FROM debian:12\nRUN apt-get update && apt-get -y dist-upgrade\n",
                        "FROM debian:12\nRUN apt-get update\n"),
                arguments("GL017", 2, "FROM alpine:3.20\nRUN apk upgrade --no-cache\n", "FROM alpine:3.20\nRUN apk add --no-cache curl\n"),
                arguments("GL018", 3, "FROM alpine:3.20\nCMD [\"a\"]\nCMD [\"b\"]\n",
                        "FROM alpine:3.20 AS one\nCMD [\"a\"]\nFROM alpine:3.20\nCMD [\"b\"]\n"),
                arguments("GL019", 3, "FROM alpine:3.20\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n",
                        "FROM alpine:3.20\nENTRYPOINT [\"a\"]\nCMD [\"b\"]\n"),
                arguments("GL020", 2, "FROM alpine:3.20\nENTRYPOINT /bin/server --port 80\n",
                        "FROM alpine:3.20\nENTRYPOINT [\"/bin/server\", \"--port\", \"80\"]\n"),
                arguments("GL021", 2, "FROM alpine:3.20\nRUN curl -fsSL https://get.example.com | sh\n",
                        "FROM alpine:3.20\nRUN curl -fsSLo /tmp/i.sh https://get.example.com && sha256sum -c i.sha && sh /tmp/i.sh\n"),
                arguments("GL021", 2, "FROM alpine:3.20\nRUN wget -qO- https://get.example.com | sudo bash -s --\n",
                        "FROM alpine:3.20\nRUN wget -qO- https://example.com/list.txt | grep x > /list\n"),
                arguments("GL022", 2, "FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\n",
                        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane <jane@example.com>\"\n"),
                arguments("GL023", 2, "FROM debian:12\nRUN wget -qO- https://example.com/list.txt | grep x > /list\n",
                        "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -qO- https://example.com/list.txt | grep x > /list\n"),
                arguments("GL023", 2, "FROM debian:12\nRUN cat a | sort > b\n", "FROM debian:12\nRUN set -eo pipefail; cat a | sort > b\n"),
                arguments("GL024", 2, "FROM alpine:3.20\nEXPOSE 80 70000/tcp\n", "FROM alpine:3.20\nEXPOSE 80 443/tcp 53/udp 8000-8010 $PORT\n"),
                arguments("GL024", 2, "FROM alpine:3.20\nEXPOSE http\n", "FROM alpine:3.20\nEXPOSE 8080\n"),
                arguments("GL025", 2, "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS BUILD\n",
                        "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS test\n"),
                arguments("GL026", 3, "FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=buidl /app /app\n",
                        "FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /app /app\nCOPY --from=0 /etc/ssl /etc/ssl\n"
                                + "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n"),
                arguments("GL026", 2, "FROM alpine:3.20 AS self\nCOPY --from=self /a /b\n", "FROM alpine:3.20 AS self\nCOPY /a /b\n"),
                arguments("GL027", 2, "FROM node:20-slim\nARG NPM_TOKEN\nRUN npm ci\n",
                        "FROM node:20-slim\nARG NODE_ENV=production\nENV GPG_KEY=ABCD TOKEN_URL=https://x\n"
                                + "RUN --mount=type=secret,id=npm,target=/root/.npmrc npm ci\n"),
                arguments("GL027", 2, "FROM alpine:3.20\nENV DB_PASSWORD=hunter2 AWS_SECRET_ACCESS_KEY=x\n",
                        "FROM alpine:3.20 AS build\nENV DB_PASSWORD=only-in-the-builder\nFROM alpine:3.20\nCOPY --from=build /x /x\n"));
    }

    @ParameterizedTest(name = "{0} at line {1}")
    @MethodSource("rules")
    void findsTheSinAndNotItsFix(String id, int line, String bad, String good) {
        LintReport badReport = lint(bad);
        assertThat(badReport.findings()).as(bad).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo(id);
            assertThat(f.line()).isEqualTo(line);
            assertThat(f.message()).isNotBlank();
            assertThat(f.fix()).isEqualTo(Rules.byId(id).orElseThrow().fix());
        });
        assertThat(lint(good).findings()).as(good).extracting(Finding::id).doesNotContain(id);
    }

    @Test
    void aSecretInEnvOutranksADeprecatedMaintainer() {
        LintReport report = lint("FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\nENV DB_PASSWORD=hunter2\nUSER 1000\n");
        Finding maintainer = report.findings().stream().filter(f -> f.id().equals("GL022")).findFirst().orElseThrow();
        Finding secret = report.findings().stream().filter(f -> f.id().equals("GL027")).findFirst().orElseThrow();
        assertThat(secret.severity()).isEqualTo(Severity.ERROR);
        assertThat(maintainer.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void everyRuleHasATest() {
        Set<Object> tested = new java.util.HashSet<>();
        rules().forEach(a -> tested.add(a.get()[0]));
        assertThat(tested).containsExactlyInAnyOrderElementsOf(Rules.ALL.stream().map(Rule::id).toList());
    }

    @Test
    void aCleanMultiStageDockerfileHasNoFindings() {
        LintReport report = lint("""
                # syntax=docker/dockerfile:1
                FROM golang:1.22-bookworm AS build
                WORKDIR /src
                COPY go.mod go.sum ./
                RUN go mod download
                COPY . .
                RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

                FROM gcr.io/distroless/static-debian12:nonroot
                COPY --from=build /out/app /app
                EXPOSE 8080
                ENTRYPOINT ["/app"]
                """);
        assertThat(report.findings()).isEmpty();
        assertThat(report.fails(Severity.INFO)).isFalse();
    }

    @Test
    void theSeedsBadDockerfileHitsEverySin() {
        LintReport report = lint("""
                FROM node:latest
                WORKDIR /app
                COPY . .
                COPY .env /app/.env
                RUN apt-get update && apt-get install -y python3
                RUN npm install
                RUN npm run build
                RUN rm /app/.env
                CMD npm start
                """);
        assertThat(report.findings()).extracting(Finding::id, Finding::line).contains(
                org.assertj.core.groups.Tuple.tuple("GL010", 1), org.assertj.core.groups.Tuple.tuple("GL008", 1),
                org.assertj.core.groups.Tuple.tuple("GL011", 1), org.assertj.core.groups.Tuple.tuple("GL001", 3),
                org.assertj.core.groups.Tuple.tuple("GL002", 4), org.assertj.core.groups.Tuple.tuple("GL003", 5),
                org.assertj.core.groups.Tuple.tuple("GL020", 9));
        assertThat(report.findings()).extracting(Finding::line).isSorted();
        assertThat(report.fails(Severity.ERROR)).isTrue();
    }

    @Test
    void inlineCommentsIgnoreTheRulesTheyNameOnTheNextInstructionOnly() {
        String text = """
                FROM debian:12
                # apt lists are removed in the final squash
                # gantry-lint ignore=GL003, GL007
                RUN apt-get update && apt-get install -y curl
                RUN apt-get install -y wget
                USER 1000
                """;
        assertThat(lint(text).findings()).extracting(Finding::id, Finding::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GL003", 5), org.assertj.core.groups.Tuple.tuple("GL007", 5));
    }

    @Test
    void hadolintCommentsAndGlobalIgnoresWork() {
        String text = """
                # hadolint global ignore=DL3007
                FROM alpine:latest
                # hadolint ignore=DL3008,DL4000
                MAINTAINER someone
                USER 1000
                """;
        assertThat(lint(text).findings()).isEmpty();
        assertThat(lint("FROM alpine:latest\nUSER 1\n", "GL010").findings()).isEmpty();
        assertThat(lint("FROM alpine:latest\nUSER 1\n", "dl3007").findings()).isEmpty();
    }

    @Test
    void baseImagesOnlyKnownAtBuildTimeAreNotJudged() {
        LintReport report = lint("ARG BASE\nFROM $BASE\nUSER 1000\n");
        assertThat(report.findings()).isEmpty();
        assertThat(lint("ARG TAG\nFROM alpine:${TAG:-latest}\nUSER 1000\n").findings()).extracting(Finding::id).containsExactly("GL010");
    }

    @Test
    void unknownIgnoreIdIsRefused() {
        assertThatThrownBy(() -> new Linter(Set.of("GL999"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown lint rule 'GL999'");
    }
}
