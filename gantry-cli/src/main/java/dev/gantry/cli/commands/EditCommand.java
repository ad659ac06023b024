package dev.gantry.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.cli.output.Output;
import dev.gantry.copy.ImageWriter;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code gantry edit config|manifest}: crane edit's two verbs, with the editor people already use. */
@Command(name = "edit", description = "Edit an image's config or manifest in an editor and write the result back.",
        subcommands = {EditCommand.Config.class, EditCommand.Manifest.class})
public final class EditCommand {
    record Result(String source, String destination, String digest, boolean changed) {
    }

    /** What both verbs share: the editor, and the temp file it edits. */
    abstract static class Editing extends ImageCommand {
        @Option(names = "--editor", paramLabel = "CMD",
                description = "the editor command, given the file as its last argument (default: $VISUAL, else $EDITOR, else vi)")
        String editor;

        /** {@code text} edited by the user; the file lives in a private temp directory, removed after. */
        byte[] edit(String text, String name) throws IOException, InterruptedException {
            Path dir = Files.createTempDirectory("gantry-edit", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve(name);
            try {
                Files.writeString(file, text);
                String command = editor != null ? editor : System.getenv("VISUAL") != null ? System.getenv("VISUAL")
                        : System.getenv("EDITOR") != null ? System.getenv("EDITOR") : "vi";
                List<String> argv = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
                argv.add(file.toString());
                int code = new ProcessBuilder(argv).inheritIO().start().waitFor();
                if (code != 0) {
                    throw new InvalidInputException("the editor (" + command + ") exited with code " + code + "; nothing was written");
                }
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        }

        void print(Result result) {
            if (json) {
                Output.json(out(), result);
            } else if (!result.changed()) {
                out().println("no change: nothing written");
            } else {
                out().printf(Locale.ROOT, "%s -> %s%n%s%n", result.source(), result.destination(), result.digest());
            }
            out().flush();
        }
    }

    @Command(name = "config",
            description = {"Edit REF's config JSON in $VISUAL/$EDITOR and write the image with it to -o DEST (default: back "
                    + "to REF, as crane edit config: a registry tag or layout tag then names the new digest). The layers "
                    + "are kept, so rootfs.diff_ids cannot change; unchanged text writes nothing."})
    public static final class Config extends Editing {
        @Option(names = {"-o", "--output"}, paramLabel = "DEST", description = "where the edited image goes (default: REF)")
        String dest;

        @Override
        public Integer call() throws Exception {
            String to = dest != null ? dest : inPlace(ref);
            Result result;
            try (ImageSource source = openSource()) {
                Image image = openImage(source);
                JsonNode original = Json.tree(image.rawConfig(), "config");
                String text = Json.pretty(original) + "\n";
                byte[] edited = edit(text, "config.json");
                if (Arrays.equals(edited, text.getBytes(StandardCharsets.UTF_8))) {
                    result = new Result(source.describe(), to, image.descriptor().digest().toString(), false);
                } else {
                    JsonNode tree = Json.tree(edited, "the edited config");
                    if (!(tree instanceof ObjectNode object)) {
                        throw new InvalidInputException("the edited config is not a JSON object; nothing was written");
                    }
                    if (!object.path("rootfs").equals(original.path("rootfs"))) {
                        throw new InvalidInputException("the edited config changes rootfs, which names the image's layers; "
                                + "nothing was written (use mutate, append or rebase to change layers)");
                    }
                    Image changed = Mutate.withConfig(image, config -> {
                        config.removeAll();
                        config.setAll(object);
                    });
                    try (ImageTarget target = Transports.openTarget(TransportRef.parse(to), null, remote.options())) {
                        ImageWriter.Written written = ImageWriter.writeImage(changed, target);
                        result = new Result(source.describe(), to, written.manifest().digest().toString(), true);
                    }
                }
            }
            print(result);
            return 0;
        }
    }

    @Command(name = "manifest",
            description = {"Edit REF's manifest (or index) JSON in $VISUAL/$EDITOR and store it back at REF, as crane edit "
                    + "manifest: the text is kept byte for byte (its digest is the new one), must pass the same checks as "
                    + "any manifest read, and every blob or manifest it names must already be there."})
    public static final class Manifest extends Editing {
        @Override
        public Integer call() throws Exception {
            String to = inPlace(ref);
            Result result;
            try (ImageSource source = openSource()) {
                Artifact artifact = Images.open(source);
                Descriptor old = artifact.descriptor();
                byte[] raw = source.readManifest(old);
                byte[] edited = edit(new String(raw, StandardCharsets.UTF_8), "manifest.json");
                if (Arrays.equals(edited, raw)) {
                    result = new Result(source.describe(), to, old.digest().toString(), false);
                } else {
                    ParsedManifest parsed = Manifests.parse(edited, old.mediaType(), "the edited manifest");
                    Descriptor descriptor = new Descriptor(parsed.mediaType(), Digest.sha256(edited), edited.length,
                            null, null, old.platform(), null, null);
                    try (ImageTarget target = Transports.openTarget(TransportRef.parse(to), null, remote.options())) {
                        List<Descriptor> named = new ArrayList<>(parsed.isIndex() ? parsed.index().manifests() : parsed.manifest().layers());
                        if (!parsed.isIndex()) {
                            named.add(0, parsed.manifest().config());
                        }
                        for (Descriptor d : named) {
                            if (d != null && !target.hasBlob(d)) {
                                throw new InvalidInputException("the edited manifest names " + d.digest() + ", which " + to
                                        + " does not hold; nothing was written");
                            }
                        }
                        target.putManifest(descriptor, edited);
                        target.setRoot(descriptor);
                        target.commit();
                    }
                    result = new Result(source.describe(), to, descriptor.digest().toString(), true);
                }
            }
            print(result);
            return 0;
        }
    }

    /** REF as a destination: archives are written whole, so one cannot be rewritten while it is read. */
    static String inPlace(String ref) throws IOException {
        TransportRef location = TransportRef.parse(ref);
        if (location.kind() == TransportRef.Kind.OCI_ARCHIVE || location.kind() == TransportRef.Kind.DOCKER_ARCHIVE) {
            throw new InvalidInputException(ref + " is an archive, which cannot be rewritten while it is read: "
                    + "give -o DEST (edit config), or edit an oci: layout or a registry image");
        }
        return ref;
    }
}
