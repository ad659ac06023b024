package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.digest.Digest;
import dev.gantry.digest.VerifyingInputStream;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.BlobFinder;
import dev.gantry.image.Images;
import dev.gantry.oci.Descriptor;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.transport.files.DirTreeWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "blob", description = {"Write one blob of an image (its config, a layer of any platform, or a manifest) "
        + "to stdout or a file, verified against its digest as it streams. On stdout the bytes are already out when a "
        + "mismatch shows at the end (as crane blob): the command then fails with exit code 2. With -o nothing is left "
        + "behind unless the whole blob verified."})
public final class BlobCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "image location, e.g. oci:DIR:TAG, dir:DIR or HOST/REPO:TAG")
    String ref;

    @Parameters(index = "1", paramLabel = "DIGEST", description = "the blob's digest, sha256:HEX")
    String digest;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE (placed whole, by rename) instead of stdout")
    Path output;

    @Option(names = "--json", description = "with -o: print what was written as JSON (digest, mediaType, size, file)")
    boolean json;

    @Mixin
    RemoteOptionsMixin remote;

    record Result(String digest, String mediaType, long size, String file) {
    }

    @Override
    public Integer call() throws Exception {
        Digest wanted = Digest.parse(digest);
        if (json && output == null) {
            throw new InvalidInputException("--json needs -o FILE: without it the blob itself is what goes to stdout");
        }
        TransportRef location = TransportRef.parse(ref);
        try (ImageSource source = Transports.openSource(location, remote.options())) {
            Descriptor blob = BlobFinder.find(Images.open(source), wanted).orElseThrow(() -> new NotFoundException(
                    "blob " + wanted + " is not named by " + source.describe()
                            + " (its manifests, configs and layers, of every platform)"));
            String what = "blob " + wanted + " (" + source.locate(blob) + " in " + source.describe() + ")";
            try (InputStream in = new VerifyingInputStream(source.openBlob(blob), wanted, blob.size(), what)) {
                if (output != null) {
                    // The writer's temp file + rename: the file appears only once the verifier saw the end.
                    Path file = output.toAbsolutePath();
                    new DirTreeWriter(file.getParent()).write(file.getFileName().toString(), blob.size(), in);
                } else {
                    OutputStream out = System.out;
                    in.transferTo(out);
                    out.flush();
                }
            }
            if (json) {
                Output.json(spec.commandLine().getOut(),
                        new Result(wanted.toString(), blob.mediaType(), blob.size(), output.toAbsolutePath().toString()));
            }
        }
        return 0;
    }
}
