package dev.gantry.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real peer tools (umoci, skopeo, tar, gzip, ...) that tests compare Gantry against.
 * Each run has a timeout, captures stdout and stderr, and fails with the tool's stderr when it
 * exits non-zero; a process that outlives its timeout is killed with its children. Tests call
 * {@link #assumeInstalled} first, so a machine without a tool skips them naming the package to
 * install (or fails them, under {@link PeerRequirement#SWITCH}).
 */
public final class PeerTools {
    /** Long enough for a cold skopeo on a busy 2-core machine; fixtures are a few KB. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Map<String, Boolean> INSTALLED = new ConcurrentHashMap<>();

    /** Debian packages whose name is not the tool's; every other tool comes in a package of its own name. */
    private static final Map<String, String> PACKAGES = Map.of(
            "htpasswd", "apache2-utils",
            "ssh-keygen", "openssh-client",
            "setfattr", "attr",
            "getfattr", "attr",
            "dpkg-deb", "dpkg",
            "rpmbuild", "rpm",
            "script", "bsdutils",
            "busybox", "busybox-static",
            "go", "golang-go",
            "node", "nodejs");

    private PeerTools() {
    }

    /** What a finished tool printed. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** True when {@code tool} is an executable on the PATH. */
    public static boolean isInstalled(String tool) {
        return INSTALLED.computeIfAbsent(tool, t -> {
            String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, t))) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The Debian package that installs {@code tool}. */
    public static String packageOf(String tool) {
        return PACKAGES.getOrDefault(tool, tool);
    }

    /**
     * Skips the calling test unless every tool is installed, or fails it under
     * {@link PeerRequirement#SWITCH}; either way the message names the package to install.
     */
    public static void assumeInstalled(String... tools) {
        for (String tool : tools) {
            PeerRequirement.require(isInstalled(tool), tool + " not installed: apt-get install " + packageOf(tool));
        }
    }

    /** Skips the calling test unless it runs as root (fails it, under {@link PeerRequirement#SWITCH}). */
    public static void assumeRoot(String why) {
        PeerRequirement.require(isRoot(), why + ": run the tests as root");
    }

    /** Runs a command in {@code dir} (null: the current directory); fails unless it exits 0. */
    public static Result run(Path dir, String... command) {
        return run(DEFAULT_TIMEOUT, dir, List.of(command));
    }

    public static Result run(Duration timeout, Path dir, List<String> command) {
        Result result = runAllowingFailure(timeout, dir, command);
        if (!result.ok()) {
            throw new AssertionError(String.join(" ", command) + " failed with exit code " + result.exitCode()
                    + (dir != null ? " in " + dir : "") + ":\n" + result.stderr().strip()
                    + (result.stdout().isBlank() ? "" : "\nstdout:\n" + result.stdout().strip()));
        }
        return result;
    }

    /** Runs a command and returns whatever it exited with; only a timeout or a missing tool fails. */
    public static Result runAllowingFailure(Path dir, String... command) {
        return runAllowingFailure(DEFAULT_TIMEOUT, dir, List.of(command));
    }

    public static Result runAllowingFailure(Duration timeout, Path dir, List<String> command) {
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("peer-out-", ".txt");
            err = Files.createTempFile("peer-err-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s and was killed; stderr so far:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(List.copyOf(command), process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Convenience for {@code run(dir, tool, args...)} where the tool comes first. */
    public static String stdout(Path dir, String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(Arrays.asList(args));
        return run(DEFAULT_TIMEOUT, dir, command).stdout();
    }

    /** Whether the tests run as root (umoci needs --rootless otherwise). */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file of a few bytes is not worth failing a test for
            }
        }
    }
}
