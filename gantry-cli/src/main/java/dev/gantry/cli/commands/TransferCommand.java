package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.ProgressBars;
import dev.gantry.cli.output.ProgressLines;
import dev.gantry.cli.output.Terminal;
import dev.gantry.cli.output.Sizes;
import dev.gantry.copy.CopyListener;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Platform;
import dev.gantry.registry.client.ReferrersCopy;
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
import java.util.Collection;
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
    int jobs = 4; // as crane's --jobs; a 4-layer push on 2 cores took 2.9-3.1 s with 4, 3.2-3.6 s with 3

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr (default: bars on a terminal, a line per blob otherwise)")
    boolean quiet;

    @Option(names = {"-r", "--referrers"}, description = "also copy the image's OCI 1.1 referrers (signatures, SBOMs) and theirs, "
            + "as oras cp -r does; from a registry to a registry or an oci: layout")
    boolean referrers;

    @Option(names = "--json", description = "machine-readable JSON result")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    record Result(String source, String destination, String digest, String mediaType, long size, int blobsCopied,
                  int blobsSkipped, long bytesCopied, int referrersCopied) {
    }

    int transfer(TransportRef from, TransportRef to) throws Exception {
        if (all && platform != null) {
            throw new InvalidInputException("--all copies every platform; it cannot be combined with --platform");
        }
        PrintWriter err = spec.commandLine().getErr();
        CopyListener display = quiet || json ? CopyListener.NONE
                : Terminal.interactive() ? new ProgressBars(err) : new ProgressLines(err);
        Tally tally = new Tally(display);
        CopyOptions options = new CopyOptions(all, platform == null ? null : Platform.parse(platform), parseFormat(format), jobs, tally);
        Descriptor written;
        int referrersCopied = 0;
        try {
            try (ImageSource source = Transports.openSource(from, remote.options());
                 ImageTarget target = Transports.openTarget(to, options.format(), remote.options())) {
                written = new ImageCopier(source, target, options).copy();
            }
            if (referrers) {
                referrersCopied = ReferrersCopy.copy(from, to, written.digest(), remote.options(), jobs, tally);
            }
        } finally {
            if (display instanceof ProgressBars bars) {
                bars.close();
            }
        }
        Result result = new Result(from.toString(), to.toString(), written.digest().toString(), written.mediaType(), written.size(),
                tally.copied.get(), tally.skipped.get(), tally.bytes.get(), referrersCopied);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, result);
        } else {
            out.printf(Locale.ROOT, "%s -> %s%n%s  (%d blob(s) copied, %s; %d already present)%n", result.source(), result.destination(),
                    result.digest(), result.blobsCopied(), Sizes.human(result.bytesCopied()), result.blobsSkipped());
            if (referrers) {
                out.printf(Locale.ROOT, "%d referrer(s) copied%n", referrersCopied);
            }
            out.flush();
        }
        return 0;
    }

    /** Counts what the copy did for the result, and passes every event on to the progress display. */
    private static final class Tally implements CopyListener {
        final AtomicInteger copied = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
        private final CopyListener display;

        Tally(CopyListener display) {
            this.display = display;
        }

        @Override
        public void planned(Collection<Descriptor> blobs) {
            display.planned(blobs);
        }

        @Override
        public void started(Descriptor blob, long offset) {
            display.started(blob, offset);
        }

        @Override
        public void progressed(Descriptor blob, long done) {
            display.progressed(blob, done);
        }

        @Override
        public void skipped(Descriptor blob) {
            skipped.incrementAndGet();
            display.skipped(blob);
        }

        @Override
        public void copied(Descriptor blob) {
            copied.incrementAndGet();
            bytes.addAndGet(blob.size());
            display.copied(blob);
        }

        @Override
        public void manifestWritten(Descriptor manifest) {
            display.manifestWritten(manifest);
        }
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
