package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.image.Image;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.bundle.BundleWriter;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

@Command(name = "bundle",
        description = {"Write an OCI runtime bundle: DIR/rootfs (the unpacked image) and DIR/config.json converted "
                + "from the image config (args = Entrypoint + Cmd, env, cwd, user resolved in the image's own "
                + "etc/passwd, stop signal and labels as annotations; terminal off).",
                "Run it as root with: runc run -b DIR NAME"})
public final class BundleCommand extends ImageCommand {
    @Parameters(index = "1", paramLabel = "DIR", description = "bundle directory to create (must not exist, or be empty)")
    Path dir;

    @Mixin
    ExpansionLimitMixin expansion;

    record Result(String source, String digest, String bundle, List<String> args, long uid, long gid, int layers,
                  long entries, List<String> warnings) {
    }

    @Override
    public Integer call() throws Exception {
        Warnings warnings = new Warnings(json ? null : w -> {
            err().println("warning: " + w);
            err().flush();
        });
        Result result;
        try (ImageSource source = openSource()) {
            Image image = openImage(source);
            BundleWriter.Result done = new BundleWriter(expansion.limits(), warnings)
                    .write(image, dir);
            var process = done.config().get("process");
            List<String> args = new java.util.ArrayList<>();
            process.get("args").forEach(a -> args.add(a.asText()));
            result = new Result(source.describe(), image.descriptor().digest().toString(), done.bundle().toString(), args,
                    process.get("user").get("uid").asLong(), process.get("user").get("gid").asLong(),
                    done.rootfs().layers(), done.rootfs().entries(), done.rootfs().warnings());
        }
        if (json) {
            Output.json(out(), result);
        } else {
            out().printf(Locale.ROOT, "%s -> %s%n%d layer(s), %d entries; process %s as %d:%d%nrun it (as root): runc run -b %s NAME%n",
                    result.source(), result.bundle(), result.layers(), result.entries(),
                    new String(dev.gantry.oci.Json.write(result.args()), java.nio.charset.StandardCharsets.UTF_8),
                    result.uid(), result.gid(), result.bundle());
            for (String w : result.warnings()) {
                out().println("warning: " + w);
            }
            out().flush();
        }
        return 0;
    }

}
