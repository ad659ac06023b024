package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.PlatformSelector;
import dev.gantry.oci.Platform;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.runtime.repack.Repacker;
import dev.gantry.runtime.repack.UnpackRecord;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "repack",
        description = {"Write the edits made to a directory since `gantry unpack IMAGE DIR` as one new layer on IMAGE, like "
                + "umoci repack: added and changed paths as entries, deleted ones as .wh. whiteouts (one per deleted "
                + "subtree), with a history entry. What changed is found from DIR.gantry-unpack.json, which unpack wrote "
                + "beside DIR: each path's lstat then (type, mode, owner, size, mtime, ctime, inode) against now.",
                "DEST (--image) is any location: oci:DIR:TAG, oci-archive:FILE, docker-archive:FILE:NAME:TAG, a registry..."})
public final class RepackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a root filesystem written by `gantry unpack`, edited since")
    Path dir;

    @Option(names = "--image", required = true, paramLabel = "DEST", description = "where to write the new image")
    String image;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "the history entry's comment")
    String message;

    @Option(names = "--refresh", description = "afterwards, record DEST and DIR as they are now, so the next repack "
            + "adds only what changes from here on (umoci's --refresh-bundle)")
    boolean refresh;

    @Option(names = "--json", description = "machine-readable JSON output")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    record Result(String directory, String base, String destination, String manifest, int added, int modified, int deleted) {
    }

    /** A location as it can be found again from anywhere: a local store's path made absolute. */
    static String absolute(TransportRef ref) {
        return ref.path() == null ? ref.toString()
                : new TransportRef(ref.kind(), ref.path().toAbsolutePath().normalize(), ref.selector(), ref.reference()).toString();
    }

    @Override
    public Integer call() throws Exception {
        UnpackRecord record = UnpackRecord.read(dir);
        Warnings warnings = new Warnings(json ? null : w -> {
            err().println("warning: " + w);
            err().flush();
        });
        Repacker.Result done;
        try (ImageSource source = Transports.openSource(TransportRef.parse(record.image()), remote.options());
             ImageTarget target = Transports.openTarget(TransportRef.parse(image), null, remote.options())) {
            Image base = PlatformSelector.select(Images.open(source), record.platform() == null ? null : Platform.parse(record.platform()));
            done = new Repacker(LayerCompression.defaults(), warnings).repack(dir, record, base, target, "gantry repack", message);
        }
        if (refresh) {
            new UnpackRecord(absolute(TransportRef.parse(image)), null, done.written().manifest().digest(), done.after()).write(dir);
        }
        Result result = new Result(dir.toString(), record.image(), image, done.written().manifest().digest().toString(),
                done.changes().added().size(), done.changes().modified().size(), done.changes().deleted().size());
        if (json) {
            Output.json(out(), result);
        } else {
            out().printf(Locale.ROOT, "%s (on %s) -> %s%n%s  (%d added, %d changed, %d deleted)%n", result.directory(), result.base(),
                    result.destination(), result.manifest(), result.added(), result.modified(), result.deleted());
            out().flush();
        }
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
