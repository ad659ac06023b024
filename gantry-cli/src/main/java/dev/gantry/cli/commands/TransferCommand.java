package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.copy.CopyListener;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What copy, pull and push share: the copy options, the copy itself and its report. */
abstract class TransferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "copy every platform of an index (default: only --platform's image)")
    boolean all;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "platform to pick from an index (default: this machine's)")
    String platform;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "manifest format to write: oci, docker (alias v2s2); default: the destination's")
    String format;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "blobs copied at once (default: ${DEFAULT-VALUE})")
    int jobs = 3;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines")
    boolean quiet;

    @Option(names = "--json", description = "machine-readable JSON result")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    record Result(String source, String destination, String digest, String mediaType, long size, int blobsCopied,
                  int blobsSkipped, long bytesCopied) {
    }

    int transfer(TransportRef from, TransportRef to) throws Exception {
        if (all && platform != null) {
            throw new InvalidInputException("--all copies every platform; it cannot be combined with --platform");
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean progress = !quiet && !json && System.console() != null;
        AtomicInteger copied = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        CopyListener listener = new CopyListener() {
            @Override
            public void skipped(Descriptor blob) {
                skipped.incrementAndGet();
                report("exists  ", blob);
            }

            @Override
            public void copied(Descriptor blob) {
                copied.incrementAndGet();
                bytes.addAndGet(blob.size());
                report("copied  ", blob);
            }

            private void report(String what, Descriptor blob) {
                if (progress) {
                    synchronized (err) {
                        err.println(what + blob.digest().shortHex() + "  " + Sizes.human(blob.size()));
                        err.flush();
                    }
                }
            }
        };
        CopyOptions options = new CopyOptions(all, platform == null ? null : Platform.parse(platform), parseFormat(format), jobs, listener);
        Descriptor written;
        try (ImageSource source = Transports.openSource(from, remote.options());
             ImageTarget target = Transports.openTarget(to, options.format(), remote.options())) {
            written = new ImageCopier(source, target, options).copy();
        }
        Result result = new Result(from.toString(), to.toString(), written.digest().toString(), written.mediaType(), written.size(),
                copied.get(), skipped.get(), bytes.get());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, result);
        } else {
            out.printf(Locale.ROOT, "%s -> %s%n%s  (%d blob(s) copied, %s; %d already present)%n", result.source(), result.destination(),
                    result.digest(), result.blobsCopied(), Sizes.human(result.bytesCopied()), result.blobsSkipped());
            out.flush();
        }
        return 0;
    }

    static ManifestFormat parseFormat(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "oci" -> ManifestFormat.OCI;
            case "docker", "v2s2" -> ManifestFormat.DOCKER;
            default -> throw new InvalidInputException("unknown --format '" + text + "': use oci or docker (v2s2)");
        };
    }
}
