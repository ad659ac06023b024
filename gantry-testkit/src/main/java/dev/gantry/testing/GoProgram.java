package dev.gantry.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Go program built by Debian's {@code golang-go} in a test, with nothing downloaded: its one
 * versioned dependency comes from a module proxy on disk ({@code GOPROXY=file://...}, the layout
 * the proxy protocol defines), another is a local directory named in a {@code replace}.
 */
public final class GoProgram {
    public static final String GREET = "example.com/greet";
    public static final String GREET_VERSION = "v1.4.2";

    private GoProgram() {
    }

    /** Skips the calling test without {@code go} (fails it under {@link PeerRequirement#SWITCH}). */
    public static void assumeGo() {
        PeerTools.assumeInstalled("go");
    }

    /** Builds {@code example.com/app} into {@code dir/app} and returns the binary. */
    public static Path build(Path dir) throws IOException {
        assumeGo();
        Path proxy = Files.createDirectories(dir.resolve("proxy/" + GREET + "/@v"));
        Files.writeString(proxy.resolve("list"), GREET_VERSION + "\n");
        Files.writeString(proxy.resolve(GREET_VERSION + ".info"), "{\"Version\":\"" + GREET_VERSION
                + "\",\"Time\":\"2023-01-02T03:04:05Z\"}");
        String greetMod = "module " + GREET + "\n\ngo 1.19\n";
        Files.writeString(proxy.resolve(GREET_VERSION + ".mod"), greetMod);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(proxy.resolve(GREET_VERSION + ".zip")))) {
            String prefix = GREET + "@" + GREET_VERSION + "/";
            entry(zip, prefix + "go.mod", greetMod);
            entry(zip, prefix + "greet.go", "package greet\n\nfunc Hello() string { return \"hello\" }\n");
        }
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(src.resolve("local"));
        Files.writeString(src.resolve("local/go.mod"), "module example.com/local\n\ngo 1.19\n");
        Files.writeString(src.resolve("local/local.go"), "package local\n\nfunc Name() string { return \"local\" }\n");
        Files.writeString(src.resolve("go.mod"), "module example.com/app\n\ngo 1.19\n\nrequire (\n\t" + GREET + " "
                + GREET_VERSION + "\n\texample.com/local v0.0.0\n)\n\nreplace example.com/local => ./local\n");
        Files.writeString(src.resolve("main.go"), "package main\n\nimport (\n\t\"fmt\"\n\t\"" + GREET
                + "\"\n\t\"example.com/local\"\n)\n\nfunc main() { fmt.Println(greet.Hello(), local.Name()) }\n");
        Path binary = dir.resolve("app");
        PeerTools.run(Duration.ofMinutes(5), src, go(dir, "build", "-o", binary.toString(), "."));
        return binary;
    }

    /** {@code go ARGS} with every Go directory inside {@code dir} and the network switched off. */
    public static List<String> go(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "HOME=" + dir, "GOPATH=" + dir.resolve("gopath"),
                "GOCACHE=" + dir.resolve("gocache"), "GOPROXY=file://" + dir.resolve("proxy"), "GOSUMDB=off",
                "GOFLAGS=-mod=mod", "CGO_ENABLED=0", "GO111MODULE=on", "GOTOOLCHAIN=local", "go"));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * What {@code go version -m BINARY} prints, as "stdlib VERSION" and "MODULE VERSION" lines: the Go version
     * without its {@code go} prefix, the main module, each dependency (one replaced by another module version is
     * that module; one replaced by a directory stays as required).
     */
    public static List<String> goVersionM(Path dir, Path binary) {
        String out = PeerTools.run(Duration.ofMinutes(1), dir, go(dir, "version", "-m", binary.toString())).stdout();
        List<String> modules = new ArrayList<>();
        String[] lines = out.split("\n");
        String go = lines[0].substring(lines[0].indexOf(": go") + 4).strip();
        modules.add("stdlib " + (go.chars().filter(c -> c == '.').count() == 1 ? go + ".0" : go));
        for (String line : lines) {
            String[] f = line.strip().split("\t");
            if (f[0].equals("mod") || f[0].equals("dep")) {
                modules.add(f[1] + " " + f[2]);
            } else if (f[0].equals("=>") && !f[1].startsWith(".") && !f[1].startsWith("/")) {
                modules.set(modules.size() - 1, f[1] + " " + f[2]);
            }
        }
        return modules;
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    public static void copyPrefix(Path from, Path to, long bytes) throws IOException {
        try (var in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            out.write(in.readNBytes((int) bytes));
        }
    }
}
