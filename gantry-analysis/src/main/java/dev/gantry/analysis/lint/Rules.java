package dev.gantry.analysis.lint;

import java.util.List;
import java.util.Optional;

/** Every rule the linter knows, in id order. Ids are stable: users put them in ignore lists. */
public final class Rules {
    /** GL001, a warning: whole build context copied before dependencies are installed. */
    public static final Rule CONTEXT_COPIED_BEFORE_INSTALL = new Rule("GL001", null, Severity.WARNING,
            "whole build context copied before dependencies are installed",
            "copy only the dependency manifests first (package.json + package-lock.json, requirements.txt, go.mod + go.sum, "
                    + "pom.xml, Gemfile.lock...), run the install, then COPY the rest: source edits then keep the install layer cached");
    /**
     * GL002, an error: secret-looking file added, then deleted in a later step (it stays in the earlier layer).
     */
    public static final Rule SECRET_COPIED_THEN_REMOVED = new Rule("GL002", null, Severity.ERROR,
            "secret-looking file added, then deleted in a later step (it stays in the earlier layer)",
            "never COPY secrets: use RUN --mount=type=secret,id=NAME (docker/gantry build --secret) so the file exists "
                    + "only during that RUN, or keep it in a build stage that is not shipped");
    /**
     * GL003 (hadolint DL3009), a warning: apt-get install without removing /var/lib/apt/lists in the same RUN.
     */
    public static final Rule APT_LISTS_KEPT = new Rule("GL003", "DL3009", Severity.WARNING,
            "apt-get install without removing /var/lib/apt/lists in the same RUN",
            "end the same RUN with && rm -rf /var/lib/apt/lists/* (or use a --mount=type=cache for /var/lib/apt)");
    /** GL004 (hadolint DL3019), a warning: apk add without --no-cache. */
    public static final Rule APK_CACHE_KEPT = new Rule("GL004", "DL3019", Severity.WARNING,
            "apk add without --no-cache",
            "use apk add --no-cache so the package index is not stored in the layer");
    /**
     * GL005 (hadolint DL3032), a warning: yum/dnf/microdnf install without cleaning the cache in the same RUN.
     */
    public static final Rule YUM_CACHE_KEPT = new Rule("GL005", "DL3032", Severity.WARNING,
            "yum/dnf/microdnf install without cleaning the cache in the same RUN",
            "end the same RUN with && yum clean all (dnf clean all, microdnf clean all) && rm -rf /var/cache/yum");
    /** GL006 (hadolint DL3014), a warning: apt-get install without -y. */
    public static final Rule APT_WITHOUT_YES = new Rule("GL006", "DL3014", Severity.WARNING,
            "apt-get install without -y",
            "add -y: the build has no terminal to answer the prompt");
    /** GL007 (hadolint DL3015), an info: apt-get install without --no-install-recommends. */
    public static final Rule APT_RECOMMENDS = new Rule("GL007", "DL3015", Severity.INFO,
            "apt-get install without --no-install-recommends",
            "add --no-install-recommends to skip packages that are only recommended");
    /** GL008, a warning: the shipped image is a compiler/SDK toolchain image. */
    public static final Rule TOOLCHAIN_FINAL_STAGE = new Rule("GL008", null, Severity.WARNING,
            "the shipped image is a compiler/SDK toolchain image",
            "build in a stage (FROM golang:1.22 AS build), then start a small final stage (distroless, alpine, a -jre "
                    + "image, scratch) and COPY --from=build only the artifacts");
    /** GL009 (hadolint DL3006), a warning: base image without a tag. */
    public static final Rule UNTAGGED_BASE = new Rule("GL009", "DL3006", Severity.WARNING,
            "base image without a tag",
            "name a version tag (FROM alpine:3.20) or pin a digest (FROM alpine@sha256:...)");
    /** GL010 (hadolint DL3007), a warning: base image tagged latest. */
    public static final Rule LATEST_BASE = new Rule("GL010", "DL3007", Severity.WARNING,
            "base image tagged latest",
            "name a version tag or pin a digest: latest changes under you and builds stop being reproducible");
    /** GL011 (hadolint DL3002), a warning: the container runs as root. */
    public static final Rule RUNS_AS_ROOT = new Rule("GL011", "DL3002", Severity.WARNING,
            "the container runs as root",
            "create an unprivileged user (RUN useradd -r -u 10001 app) and end the final stage with USER app (or USER 10001)");
    /** GL012 (hadolint DL3020), a warning: ADD used for local files. */
    public static final Rule ADD_LOCAL_FILE = new Rule("GL012", "DL3020", Severity.WARNING,
            "ADD used for local files",
            "use COPY: ADD also unpacks archives and fetches URLs, which is surprising; keep ADD for tar archives you want unpacked");
    /** GL013, a warning: ADD downloads a URL without a checksum. */
    public static final Rule ADD_URL = new Rule("GL013", null, Severity.WARNING,
            "ADD downloads a URL without a checksum",
            "add --checksum=sha256:... so a changed download fails the build, or download with curl in a RUN and verify it");
    /** GL014 (hadolint DL3003), a warning: cd in RUN. */
    public static final Rule CD_IN_RUN = new Rule("GL014", "DL3003", Severity.WARNING,
            "cd in RUN",
            "use WORKDIR to change directory: it lasts for later instructions and documents where you are");
    /** GL015 (hadolint DL3000), an error: relative WORKDIR. */
    public static final Rule RELATIVE_WORKDIR = new Rule("GL015", "DL3000", Severity.ERROR,
            "relative WORKDIR",
            "use an absolute path: a relative WORKDIR depends on every earlier WORKDIR and on the base image");
    /** GL016 (hadolint DL3004), an error: sudo in RUN. */
    public static final Rule SUDO = new Rule("GL016", "DL3004", Severity.ERROR,
            "sudo in RUN",
            "drop sudo: RUN already runs as the current USER; switch with USER root ... USER app around the step");
    /** GL017 (hadolint DL3005), a warning: whole-system package upgrade. */
    public static final Rule PACKAGE_UPGRADE = new Rule("GL017", "DL3005", Severity.WARNING,
            "whole-system package upgrade",
            "do not upgrade every package in a build: use a newer base image, or install the specific package versions you need");
    /** GL018 (hadolint DL4003), a warning: more than one CMD in a stage. */
    public static final Rule MULTIPLE_CMD = new Rule("GL018", "DL4003", Severity.WARNING,
            "more than one CMD in a stage",
            "keep one CMD: only the last one takes effect");
    /** GL019 (hadolint DL4004), an error: more than one ENTRYPOINT in a stage. */
    public static final Rule MULTIPLE_ENTRYPOINT = new Rule("GL019", "DL4004", Severity.ERROR,
            "more than one ENTRYPOINT in a stage",
            "keep one ENTRYPOINT: only the last one takes effect");
    /** GL020 (hadolint DL3025), a warning: CMD/ENTRYPOINT in shell form. */
    public static final Rule SHELL_FORM_COMMAND = new Rule("GL020", "DL3025", Severity.WARNING,
            "CMD/ENTRYPOINT in shell form",
            "use the JSON form (CMD [\"app\", \"--flag\"]): in shell form /bin/sh is PID 1 and the app never receives SIGTERM");
    /** GL021, a warning: download piped straight into a shell. */
    public static final Rule CURL_PIPE_SHELL = new Rule("GL021", null, Severity.WARNING,
            "download piped straight into a shell",
            "download to a file, verify its checksum or signature, then run it");
    // A deprecation harms nobody (docker build's own check calls it a warning); a secret in ARG/ENV
    // is readable by everyone who pulls the image, so it outranks it.
    /** GL022 (hadolint DL4000), a warning: MAINTAINER is deprecated. */
    public static final Rule MAINTAINER = new Rule("GL022", "DL4000", Severity.WARNING,
            "MAINTAINER is deprecated",
            "use LABEL org.opencontainers.image.authors=\"name <email>\"");
    /** GL023 (hadolint DL4006), a warning: pipe in RUN without pipefail. */
    public static final Rule PIPE_WITHOUT_PIPEFAIL = new Rule("GL023", "DL4006", Severity.WARNING,
            "pipe in RUN without pipefail",
            "set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before it (or start the RUN with set -o pipefail): "
                    + "otherwise only the last command's failure fails the step");
    /** GL024 (hadolint DL3011), an error: EXPOSE of an invalid port. */
    public static final Rule INVALID_PORT = new Rule("GL024", "DL3011", Severity.ERROR,
            "EXPOSE of an invalid port",
            "expose ports 1-65535, optionally /tcp or /udp (EXPOSE 8080/tcp)");
    /** GL025 (hadolint DL3024), an error: stage name used twice. */
    public static final Rule DUPLICATE_STAGE = new Rule("GL025", "DL3024", Severity.ERROR,
            "stage name used twice",
            "give every FROM ... AS a different name");
    /** GL026 (hadolint DL3022), a warning: COPY --from names no earlier stage. */
    public static final Rule UNKNOWN_STAGE = new Rule("GL026", "DL3022", Severity.WARNING,
            "COPY --from names no earlier stage",
            "name a stage defined above (FROM ... AS NAME), or a full image reference with a tag if you mean an image");
    /** GL027, an error: secret-named ARG or ENV. */
    public static final Rule SECRET_IN_ARG_OR_ENV = new Rule("GL027", null, Severity.ERROR,
            "secret-named ARG or ENV",
            "pass secrets with RUN --mount=type=secret,id=NAME (build --secret); ARG values land in the image history "
                    + "and ENV values in its config, where anyone who pulls the image reads them");

    /** Every rule, in id order (GL001 first); SARIF's rule indexes are positions in this list. */
    public static final List<Rule> ALL = List.of(CONTEXT_COPIED_BEFORE_INSTALL, SECRET_COPIED_THEN_REMOVED, APT_LISTS_KEPT,
            APK_CACHE_KEPT, YUM_CACHE_KEPT, APT_WITHOUT_YES, APT_RECOMMENDS, TOOLCHAIN_FINAL_STAGE, UNTAGGED_BASE, LATEST_BASE,
            RUNS_AS_ROOT, ADD_LOCAL_FILE, ADD_URL, CD_IN_RUN, RELATIVE_WORKDIR, SUDO, PACKAGE_UPGRADE, MULTIPLE_CMD,
            MULTIPLE_ENTRYPOINT, SHELL_FORM_COMMAND, CURL_PIPE_SHELL, MAINTAINER, PIPE_WITHOUT_PIPEFAIL, INVALID_PORT,
            DUPLICATE_STAGE, UNKNOWN_STAGE, SECRET_IN_ARG_OR_ENV);

    private Rules() {
    }

    /**
     * A rule by our id or by its hadolint id (so {@code # hadolint ignore=DL3009} works too), case-insensitive.
     *
     * @param id {@code GLnnn} or {@code DLnnnn}
     * @return the rule, or empty when none has that id
     */
    public static Optional<Rule> byId(String id) {
        return ALL.stream().filter(r -> r.id().equalsIgnoreCase(id) || (r.hadolint() != null && r.hadolint().equalsIgnoreCase(id)))
                .findFirst();
    }
}
