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
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.image.PlatformSelector;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.Platform;
import dev.gantry.registry.client.ReferrersCopy;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
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

    @Option(names = "--src-creds", paramLabel = "USER[:PASS]", description = "credentials for the source registry (over --creds)")
    String sourceCreds;

    @Option(names = "--dest-creds", paramLabel = "USER[:PASS]", description = "credentials for the destination registry (over --creds)")
    String destinationCreds;

    /**
     * @param platform          the platform taken out of a source index without {@code --all} (null otherwise)
     * @param platformsInSource how many platforms that index offered (null when the source was not an index or --all was given)
     */
    record Result(String source, String destination, String digest, String mediaType, long size, int blobsCopied,
                  int blobsSkipped, long bytesCopied, int referrersCopied, String platform, Integer platformsInSource) {
    }

    /** Which platform of an index a copy without --all took, and out of how many. */
    record PlatformTaken(String platform, int platforms) {
        /**
         * Chosen as the copier chooses ({@link PlatformSelector}), from the source's index; null when
         * the source is a single image. The manifests are read again, a few KiB, rather than asking the copier.
         */
        static PlatformTaken of(ImageSource source, Platform wanted) throws IOException {
            if (!(Images.open(source) instanceof Index index)) {
                return null;
            }
            Image taken = PlatformSelector.select(index, wanted);
            Platform platform = taken.descriptor().platform() != null ? taken.descriptor().platform() : taken.config().platform();
            return new PlatformTaken(String.valueOf(platform), countPlatforms(index));
        }

        /** The images of the index that are for a platform: attestation manifests (unknown/unknown) do not count. */
        private static int countPlatforms(Index index) throws IOException {
            int count = 0;
            for (Descriptor child : index.manifest().manifests()) {
                Platform p = child.platform();
                if (MediaTypes.isImageManifest(child.mediaType()) && (p == null || !"unknown".equals(p.os()))) {
                    count++;
                } else if (MediaTypes.isIndex(child.mediaType()) && index.child(child) instanceof Index nested) {
                    count += countPlatforms(nested);
                }
            }
            return count;
        }
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
        PlatformTaken taken;
        int referrersCopied = 0;
        RemoteOptions sourceOptions = sided(sourceCreds, "--src-creds");
        RemoteOptions targetOptions = sided(destinationCreds, "--dest-creds");
        try {
            try (ImageSource source = Transports.openSource(from, sourceOptions);
                 ImageTarget target = Transports.openTarget(to, options.format(), targetOptions)) {
                written = new ImageCopier(source, target, options).copy();
                taken = all ? null : PlatformTaken.of(source, options.platform());
            }
            if (referrers) {
                referrersCopied = ReferrersCopy.copy(from, to, written.digest(), sourceOptions, targetOptions, jobs, tally);
            }
        } finally {
            if (display instanceof ProgressBars bars) {
                bars.close();
            }
        }
        Result result = new Result(from.toString(), to.toString(), written.digest().toString(), written.mediaType(), written.size(),
                tally.copied.get(), tally.skipped.get(), tally.bytes.get(), referrersCopied,
                taken == null ? null : taken.platform(), taken == null ? null : taken.platforms());
        if (taken != null && !json && !quiet) {
            // skopeo takes one platform without a word; say which, and how to get them all.
            err.printf(Locale.ROOT, "copied %s of the index (%d platform%s; --all copies every one)%n", taken.platform(),
                    taken.platforms(), taken.platforms() == 1 ? "" : "s");
            err.flush();
        }
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

    /** The remote options for one side of the copy: its own credentials when given, else --creds or the credentials file. */
    private RemoteOptions sided(String creds, String flag) {
        RemoteOptions shared = remote.options();
        return creds == null ? shared : shared.withCredentials(RemoteOptionsMixin.credentials(creds, flag));
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
