package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.cli.output.Sizes;
import dev.gantry.cli.output.Table;
import dev.gantry.image.Artifact;
import dev.gantry.image.Image;
import dev.gantry.image.Index;
import dev.gantry.image.Layer;
import dev.gantry.image.UncompressedSizes;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@Command(name = "inspect", description = "Show an image: digest, platform, how it runs, and each layer with its size and the step that made it.")
public final class InspectCommand extends ImageCommand {
    @Option(names = "--no-sizes", description = "skip measuring uncompressed layer sizes (which reads every layer)")
    boolean noSizes;

    @Option(names = "--sizes", description = "measure uncompressed sizes of a registry image too (downloads every layer; "
            + "without it registry images show stored sizes only)")
    boolean sizes;

    record LayerInfo(int index, String digest, String mediaType, long size, Long uncompressedSize, String diffId, String createdBy) {
    }

    record ImageInfo(String source, String digest, String mediaType, String platform, String created, String author,
                     List<String> entrypoint, List<String> cmd, List<String> env, String user, String workingDir,
                     List<String> exposedPorts, List<String> volumes, Map<String, String> labels, String stopSignal,
                     long compressedSize, Long uncompressedSize, List<LayerInfo> layers, List<String> warnings) {
    }

    record ChildInfo(String digest, String mediaType, long size, String platform) {
    }

    record IndexInfo(String source, String digest, String mediaType, List<ChildInfo> manifests) {
    }

    @Override
    public Integer call() throws Exception {
        try (ImageSource source = openSource()) {
            Artifact artifact = openArtifact(source);
            if (artifact instanceof Index index) {
                printIndex(source, index);
            } else {
                printImage(source, (Image) artifact);
            }
        }
        return 0;
    }

    private void printIndex(ImageSource source, Index index) throws IOException {
        List<ChildInfo> children = new ArrayList<>();
        for (Descriptor d : index.manifest().manifests()) {
            children.add(new ChildInfo(d.digest().toString(), d.mediaType(), d.size(), d.platform() == null ? null : d.platform().toString()));
        }
        IndexInfo info = new IndexInfo(source.describe(), index.descriptor().digest().toString(), index.descriptor().mediaType(), children);
        if (json) {
            Output.json(out(), info);
            return;
        }
        PrintWriter out = out();
        out.println("Source:      " + info.source());
        out.println("Digest:      " + info.digest());
        out.println("Media type:  " + info.mediaType());
        out.println("Manifests:   " + children.size() + " (show one with --platform OS/ARCH)");
        Table table = new Table("PLATFORM", "DIGEST", "SIZE", "MEDIA TYPE");
        for (ChildInfo c : children) {
            table.row(c.platform() == null ? "-" : c.platform(), c.digest(), Sizes.human(c.size()), c.mediaType());
        }
        table.print(out);
    }

    private void printImage(ImageSource source, Image image) throws Exception {
        ImageConfig config = image.config();
        ImageConfig.ContainerConfig run = config.config();
        List<Layer> layers = image.layers();
        boolean remote = dev.gantry.transport.TransportRef.parse(ref).isRemote();
        long[] uncompressed = noSizes || (remote && !sizes) ? null : UncompressedSizes.measure(layers);
        List<ImageConfig.History> history = config.historyPerLayer(layers.size());
        List<LayerInfo> layerInfos = new ArrayList<>();
        long compressedTotal = 0;
        long uncompressedTotal = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            compressedTotal += l.size();
            if (uncompressed != null) {
                uncompressedTotal += uncompressed[i];
            }
            layerInfos.add(new LayerInfo(i, l.digest().toString(), l.mediaType(), l.size(),
                    uncompressed == null ? null : uncompressed[i], l.diffId() == null ? null : l.diffId().toString(),
                    history.get(i) == null ? null : history.get(i).createdBy()));
        }
        List<String> warnings = new ArrayList<>();
        if (run == null || (isEmpty(run.entrypoint()) && isEmpty(run.cmd()))) {
            warnings.add("neither Entrypoint nor Cmd is set: a container of this image has no command to run "
                    + "unless one is given at run time");
        }
        Platform platform = config.platform();
        ImageInfo info = new ImageInfo(source.describe(), image.descriptor().digest().toString(), image.descriptor().mediaType(),
                platform.os() == null ? null : platform.toString(), config.created(), config.author(),
                run == null ? null : run.entrypoint(), run == null ? null : run.cmd(), run == null ? null : run.env(),
                run == null ? null : run.user(), run == null ? null : run.workingDir(),
                run == null || run.exposedPorts() == null ? null : List.copyOf(new TreeMap<>(run.exposedPorts()).keySet()),
                run == null || run.volumes() == null ? null : List.copyOf(new TreeMap<>(run.volumes()).keySet()),
                run == null ? null : run.labels(), run == null ? null : run.stopSignal(),
                compressedTotal, uncompressed == null ? null : uncompressedTotal, layerInfos, warnings);
        if (json) {
            Output.json(out(), info);
        } else {
            printText(info);
        }
        for (String w : warnings) {
            err().println("warning: " + w);
        }
        err().flush();
    }

    private void printText(ImageInfo info) {
        PrintWriter out = out();
        out.println("Source:      " + info.source());
        out.println("Digest:      " + info.digest());
        out.println("Media type:  " + info.mediaType());
        out.println("Platform:    " + orDash(info.platform()));
        out.println("Created:     " + orDash(info.created()));
        if (info.author() != null) {
            out.println("Author:      " + info.author());
        }
        out.println("Entrypoint:  " + list(info.entrypoint()));
        out.println("Cmd:         " + list(info.cmd()));
        out.println("User:        " + orDash(info.user()));
        out.println("WorkingDir:  " + orDash(info.workingDir()));
        out.println("Ports:       " + (isEmpty(info.exposedPorts()) ? "-" : String.join(", ", info.exposedPorts())));
        if (!isEmpty(info.volumes())) {
            out.println("Volumes:     " + String.join(", ", info.volumes()));
        }
        if (info.stopSignal() != null) {
            out.println("StopSignal:  " + info.stopSignal());
        }
        printMultiline(out, "Env:", info.env());
        printMultiline(out, "Labels:", info.labels() == null ? null
                : new TreeMap<>(info.labels()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        out.println("Layers:      " + info.layers().size() + ", " + Sizes.human(info.compressedSize()) + " stored"
                + (info.uncompressedSize() == null ? "" : ", " + Sizes.human(info.uncompressedSize()) + " uncompressed"));
        Table table = new Table("#", "DIGEST", "STORED", "UNCOMPRESSED", "CREATED BY");
        for (LayerInfo l : info.layers()) {
            table.row(l.index(), l.digest().substring(0, Math.min(l.digest().length(), 19)), Sizes.human(l.size()),
                    l.uncompressedSize() == null ? "-" : Sizes.human(l.uncompressedSize()), orDash(oneLine(l.createdBy())));
        }
        table.print(out);
    }

    private static void printMultiline(PrintWriter out, String label, List<String> values) {
        if (isEmpty(values)) {
            out.printf("%-12s -%n", label);
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            out.printf("%-12s %s%n", i == 0 ? label : "", values.get(i));
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > 100 ? flat.substring(0, 99) + "…" : flat;
    }

    private static String list(List<String> l) {
        return l == null ? "-" : Output.compactJson(l);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static boolean isEmpty(List<?> l) {
        return l == null || l.isEmpty();
    }
}
