package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Image;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.export.ImageExporter;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

@Command(name = "export",
        description = {"Write an image's merged filesystem as one tar (like `docker export` of a fresh container). "
                + "Entries come in a fixed order with whole-second times and no user names, so the same image "
                + "always exports to the same bytes.",
                "The layers are applied into a temporary directory first (--tmp), with all of unpack's checks."})
public final class ExportCommand extends ImageCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "tar file to write, or - for standard output")
    String output;

    @Option(names = "--tmp", paramLabel = "DIR", description = "where the temporary tree goes (default: beside FILE, or the system temp dir for -)")
    Path tmp;

    @Mixin
    ExpansionLimitMixin expansion;

    record Result(String source, String digest, String output, int layers, long entries, List<String> warnings) {
    }

    @Override
    public Integer call() throws Exception {
        boolean toStdout = output.equals("-");
        if (toStdout && json) {
            throw new InvalidInputException("--json and -o - both want standard output; write the tar to a file");
        }
        Warnings warnings = new Warnings(w -> {
            err().println("warning: " + w);
            err().flush();
        });
        ImageExporter exporter = new ImageExporter(expansion.limits(), warnings);
        ImageUnpacker.Result done;
        String digest;
        String described;
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            digest = image.descriptor().digest().toString();
            described = source.describe();
            if (toStdout) {
                OutputStream stdout = new BufferedOutputStream(new FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
                done = exporter.export(image, stdout, tmp != null ? tmp : Path.of(System.getProperty("java.io.tmpdir")));
                stdout.flush();
            } else {
                done = writeFile(exporter, image, Path.of(output).toAbsolutePath());
            }
        }
        if (!toStdout) {
            Result result = new Result(described, digest, output, done.layers(), done.entries(), done.warnings());
            if (json) {
                Output.json(out(), result);
            } else {
                out().printf(Locale.ROOT, "%s -> %s (%d layer(s) merged)%n", result.source(), result.output(), result.layers());
                out().flush();
            }
        }
        return 0;
    }

    /** Writes through a temporary file renamed into place, so FILE is never a partial tar. */
    private ImageUnpacker.Result writeFile(ImageExporter exporter, Image image, Path file) throws Exception {
        Path parent = file.getParent();
        Files.createDirectories(parent);
        // Not createTempFile: that makes the file 0600, and an export should get the usual umask mode.
        Path partial = parent.resolve("." + file.getFileName() + ".partial-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 32));
        try {
            ImageUnpacker.Result done;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE), 1 << 16)) {
                done = exporter.export(image, out, tmp != null ? tmp : parent);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return done;
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
