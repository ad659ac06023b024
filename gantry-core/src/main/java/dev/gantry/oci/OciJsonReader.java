package dev.gantry.oci;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the wire documents (descriptors, platforms, image manifests, indexes, image configs)
 * with Jackson's streaming API, one small hand-written reader per type: every command reads
 * these, and building the mapper's reflective deserializers for them cost a short command more
 * than anything else it did. Field names are the specs' own; unknown fields are skipped; values
 * of the wrong kind are reported in the document's terms ({@link JsonCursor}). The parser is
 * {@link Json}'s, so the limits and the refusal of duplicate keys are the mapper's.
 *
 * <p>The mapper still writes these records (their Jackson annotations name the same fields);
 * {@link Json#parse} hands these types here, so each is read one way only.
 */
public final class OciJsonReader {
    private OciJsonReader() {
    }

    /** The types read here rather than by the mapper. */
    static boolean reads(Class<?> type) {
        return type == Descriptor.class || type == Platform.class || type == ImageConfig.class
                || type == ImageManifest.class || type == ImageIndex.class;
    }

    /** Reads {@code bytes} as {@code type}, one of those {@link #reads} accepts. */
    static Object read(byte[] bytes, Class<?> type, String what) {
        String name = type.getSimpleName();
        if (type == ImageConfig.class) {
            return config(bytes, what);
        }
        if (type == Platform.class) {
            return JsonCursor.read(bytes, what, name, OciJsonReader::platform);
        }
        if (type == Descriptor.class) {
            SizeProblems sizes = new SizeProblems();
            Descriptor d = JsonCursor.read(bytes, what, name, c -> descriptor(c, sizes));
            sizes.throwFirst(what);
            return d;
        }
        ManifestFields fields = ManifestFields.read(bytes, what, name);
        return fields == null ? null : type == ImageManifest.class ? fields.manifest() : fields.index();
    }

    /**
     * An image config (config.md); its raw bytes stay what is written back.
     *
     * @param bytes the config blob
     * @param what  the document, for errors
     * @return the config; null for a document that is JSON null
     * @throws InvalidInputException for invalid JSON or a field of the wrong kind
     */
    public static ImageConfig config(byte[] bytes, String what) {
        return JsonCursor.read(bytes, what, "ImageConfig", OciJsonReader::config);
    }

    /**
     * The value of one top-level string field, for a document read for that field alone
     * ({@code imageLayoutVersion}, a manifest's {@code mediaType}).
     *
     * @param bytes the document
     * @param field the field's name
     * @param what  the document, for errors
     * @return the value; "" when absent, not a string, or the document is not an object
     * @throws InvalidInputException for invalid JSON
     */
    public static String topLevelString(byte[] bytes, String field, String what) {
        String value = JsonCursor.read(bytes, what, null, c -> {
            String found = null;
            if (c.token() == JsonToken.START_OBJECT) {
                for (String name; (name = c.nextField()) != null; ) {
                    if (name.equals(field) && c.token() == JsonToken.VALUE_STRING) {
                        found = c.string();
                    } else {
                        c.skip();
                    }
                }
            } else {
                c.skip();
            }
            return found;
        });
        return value == null ? "" : value;
    }

    static Platform platform(JsonCursor c) {
        if (!c.startObject()) {
            return null;
        }
        String architecture = null;
        String os = null;
        String osVersion = null;
        List<String> osFeatures = null;
        String variant = null;
        List<String> features = null;
        for (String field; (field = c.nextField()) != null; ) {
            switch (field) {
                case "architecture" -> architecture = c.string();
                case "os" -> os = c.string();
                case "os.version" -> osVersion = c.string();
                case "os.features" -> osFeatures = c.strings();
                case "variant" -> variant = c.string();
                case "features" -> features = c.strings();
                default -> c.skip();
            }
        }
        return new Platform(architecture, os, osVersion, osFeatures, variant, features);
    }

    /**
     * A descriptor. {@code size} is required (descriptor.md) but the record cannot say it was
     * missing: a missing or non-integer size is put in {@code sizeProblems} ("no size",
     * "size \"10\", not an integer", with its path) for the caller to report.
     */
    static Descriptor descriptor(JsonCursor c, SizeProblems sizeProblems) {
        if (!c.startObject()) {
            return null;
        }
        String mediaType = null;
        Digest digest = null;
        Long size = null;
        String sizeProblem = "no size";
        List<String> urls = null;
        Map<String, String> annotations = null;
        Platform platform = null;
        String artifactType = null;
        String data = null;
        for (String field; (field = c.nextField()) != null; ) {
            switch (field) {
                case "mediaType" -> mediaType = c.string();
                case "digest" -> digest = c.digest();
                case "size" -> {
                    size = c.longValue();
                    sizeProblem = size != null ? null : "size " + c.render() + ", not an integer";
                }
                case "urls" -> urls = c.strings();
                case "annotations" -> annotations = c.stringMap();
                case "platform" -> platform = platform(c);
                case "artifactType" -> artifactType = c.string();
                case "data" -> data = c.string();
                default -> c.skip();
            }
        }
        Descriptor d = new Descriptor(mediaType, digest, size == null ? 0 : size, urls, annotations, platform, artifactType, data);
        if (sizeProblem != null) {
            // On the object's end token the parser's context is the one holding the descriptor, so this is its path.
            sizeProblems.put(d, new SizeProblem(c.path(), sizeProblem));
        }
        return d;
    }

    /** What is wrong with a descriptor's size, and where the descriptor is. */
    record SizeProblem(String path, String problem) {
    }

    static ImageConfig config(JsonCursor c) {
        if (!c.startObject()) {
            return null;
        }
        String created = null;
        String author = null;
        String architecture = null;
        String os = null;
        String osVersion = null;
        List<String> osFeatures = null;
        String variant = null;
        ImageConfig.ContainerConfig config = null;
        ImageConfig.RootFs rootfs = null;
        List<ImageConfig.History> history = null;
        for (String field; (field = c.nextField()) != null; ) {
            switch (field) {
                case "created" -> created = c.string();
                case "author" -> author = c.string();
                case "architecture" -> architecture = c.string();
                case "os" -> os = c.string();
                case "os.version" -> osVersion = c.string();
                case "os.features" -> osFeatures = c.strings();
                case "variant" -> variant = c.string();
                case "config" -> config = containerConfig(c);
                case "rootfs" -> rootfs = rootfs(c);
                case "history" -> history = c.list(OciJsonReader::history);
                default -> c.skip();
            }
        }
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs, history);
    }

    private static ImageConfig.ContainerConfig containerConfig(JsonCursor c) {
        if (!c.startObject()) {
            return null;
        }
        String user = null;
        Map<String, Object> exposedPorts = null;
        List<String> env = null;
        List<String> entrypoint = null;
        List<String> cmd = null;
        Map<String, Object> volumes = null;
        String workingDir = null;
        Map<String, String> labels = null;
        String stopSignal = null;
        Boolean argsEscaped = null;
        List<String> shell = null;
        JsonNode healthcheck = null;
        List<String> onBuild = null;
        for (String field; (field = c.nextField()) != null; ) {
            switch (field) {
                case "User" -> user = c.string();
                case "ExposedPorts" -> exposedPorts = c.map(JsonCursor::untyped);
                case "Env" -> env = c.strings();
                case "Entrypoint" -> entrypoint = c.strings();
                case "Cmd" -> cmd = c.strings();
                case "Volumes" -> volumes = c.map(JsonCursor::untyped);
                case "WorkingDir" -> workingDir = c.string();
                case "Labels" -> labels = c.stringMap();
                case "StopSignal" -> stopSignal = c.string();
                case "ArgsEscaped" -> argsEscaped = c.bool();
                case "Shell" -> shell = c.strings();
                case "Healthcheck" -> healthcheck = JsonTrees.read(c);
                case "OnBuild" -> onBuild = c.strings();
                default -> c.skip();
            }
        }
        return new ImageConfig.ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels,
                stopSignal, argsEscaped, shell, healthcheck, onBuild);
    }

    private static ImageConfig.RootFs rootfs(JsonCursor c) {
        if (!c.startObject()) {
            return null;
        }
        String type = null;
        List<Digest> diffIds = null;
        for (String field; (field = c.nextField()) != null; ) {
            switch (field) {
                case "type" -> type = c.string();
                case "diff_ids" -> diffIds = c.list(JsonCursor::digest);
                default -> c.skip();
            }
        }
        return new ImageConfig.RootFs(type, diffIds);
    }

    private static ImageConfig.History history(JsonCursor c) {
        if (!c.startObject()) {
            return null;
        }
        String created = null;
        String author = null;
        String createdBy = null;
        String comment = null;
        Boolean emptyLayer = null;
        for (String field; (field = c.nextField()) != null; ) {
            switch (field) {
                case "created" -> created = c.string();
                case "author" -> author = c.string();
                case "created_by" -> createdBy = c.string();
                case "comment" -> comment = c.string();
                case "empty_layer" -> emptyLayer = c.bool();
                default -> c.skip();
            }
        }
        return new ImageConfig.History(created, author, createdBy, comment, emptyLayer);
    }

    /** The size problems of a document's descriptors, by descriptor (identity), and the first found. */
    static final class SizeProblems {
        private final Map<Descriptor, SizeProblem> byDescriptor = new IdentityHashMap<>();
        private SizeProblem first;

        void put(Descriptor d, SizeProblem problem) {
            byDescriptor.put(d, problem);
            if (first == null) {
                first = problem;
            }
        }

        /** The problem with {@code d}'s size, or null when it has an integer size. */
        SizeProblem of(Descriptor d) {
            return byDescriptor.get(d);
        }

        /** For readers of the record alone, outside the gate: the first problem, as an error. */
        void throwFirst(String what) {
            if (first != null) {
                throw new InvalidInputException(what + ": " + (first.path().isEmpty() ? "" : first.path() + ": ")
                        + "descriptor has " + first.problem() + "; descriptor.md requires size, the content's length in bytes");
            }
        }
    }

    /**
     * One pass over a manifest or index document: every field either kind has, read as what
     * it would be, and the facts the manifest gate ({@link Manifests#parse}) decides on (which
     * fields are present, what {@code schemaVersion} and {@code mediaType} are), so that it
     * needs no tree. Problems of kind and size are kept for the gate to report after its own
     * checks, in the order it always has.
     */
    static final class ManifestFields {
        /** Present, whatever its value (an index with {@code "layers": null} is still ambiguous). */
        boolean hasManifests;
        boolean hasLayers;
        boolean hasConfig;
        boolean hasMediaType;
        /** The integer schemaVersion, or null when absent or anything else. */
        Integer schemaVersion;
        /** How schemaVersion was written, "none" when absent: for the message refusing it. */
        String schemaVersionText = "none";
        /** The mediaType when it is a string. */
        String mediaType;
        /** How a mediaType that is not a string was written, or null. */
        String mediaTypeNotAString;
        String artifactType;
        Descriptor config;
        List<Descriptor> layers;
        List<Descriptor> manifests;
        Descriptor subject;
        Map<String, String> annotations;
        final SizeProblems sizeProblems = new SizeProblems();
        private JsonCursor cursor;

        /**
         * Reads {@code bytes}, throwing for invalid JSON. For the gate ({@code type} null) a
         * document that is not an object is "what is not a JSON object"; for a reader of the
         * {@code type} record alone it is a problem of kind, and the result is null.
         */
        static ManifestFields read(byte[] bytes, String what, String type) {
            ManifestFields fields = new ManifestFields();
            ManifestFields read = JsonCursor.read(bytes, what, type, c -> {
                fields.cursor = c;
                if (c.token() != JsonToken.START_OBJECT) {
                    if (type == null) {
                        throw new InvalidInputException(what + " is not a JSON object");
                    }
                    c.startObject();
                    return null;
                }
                for (String field; (field = c.nextField()) != null; ) {
                    fields.field(field, c);
                }
                return fields;
            });
            if (read != null && type != null) {
                read.sizeProblems.throwFirst(what);
            }
            return read;
        }

        private void field(String field, JsonCursor c) {
            switch (field) {
                case "schemaVersion" -> {
                    Long v = c.longValue();
                    schemaVersion = v != null && v == v.intValue() ? v.intValue() : null;
                    schemaVersionText = c.render();
                }
                case "mediaType" -> {
                    hasMediaType = true;
                    if (c.token() == JsonToken.VALUE_STRING) {
                        mediaType = c.string();
                    } else {
                        mediaTypeNotAString = c.render();
                    }
                }
                case "artifactType" -> artifactType = c.string();
                case "config" -> {
                    hasConfig = true;
                    config = descriptor(c, sizeProblems);
                }
                case "layers" -> {
                    hasLayers = true;
                    layers = c.list(e -> descriptor(e, sizeProblems));
                }
                case "manifests" -> {
                    hasManifests = true;
                    manifests = c.list(e -> descriptor(e, sizeProblems));
                }
                case "subject" -> subject = descriptor(c, sizeProblems);
                case "annotations" -> annotations = c.stringMap();
                default -> c.skip();
            }
        }

        /** The first problem of kind or value, as {@code what is not valid JSON for type: path: ...}. */
        void throwProblem(String what, String type) {
            cursor.throwProblem(what, type);
        }

        ImageManifest manifest() {
            return new ImageManifest(schemaVersion == null ? 0 : schemaVersion, mediaType, artifactType, config, layers,
                    subject, annotations);
        }

        ImageIndex index() {
            return new ImageIndex(schemaVersion == null ? 0 : schemaVersion, mediaType, artifactType, manifests, subject,
                    annotations);
        }
    }
}
