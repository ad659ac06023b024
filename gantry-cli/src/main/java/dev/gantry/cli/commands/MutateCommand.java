package dev.gantry.cli.commands;

import dev.gantry.build.ImageAssembler;
import dev.gantry.build.LayerSource;
import dev.gantry.transport.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "mutate",
        description = {"Write a copy of REF to -o DEST with its config edited and layers appended; every config field "
                + "not named by a flag (unknown ones too) is kept, and so is its created time.",
                "Appended layers are reproducible, as in 'gantry image create'."})
public final class MutateCommand extends ImageCommand {
    @Option(names = "--append", paramLabel = "DIR:/DEST", description = "add a layer holding DIR (or one file) at DEST; "
            + "a file goes inside a DEST ending in / under its own name (repeatable; 'gantry append' adds tarballs as layers)")
    List<String> append = new ArrayList<>();

    @Option(names = "--annotation", paramLabel = "K=V", description = "manifest annotation (repeatable; OCI destinations only)")
    List<String> annotations = new ArrayList<>();

    @Mixin
    ConfigFlagsMixin config;

    @Mixin
    AssemblyOptionsMixin assembly;

    @Override
    public Integer call() throws Exception {
        Map<String, String> manifestAnnotations = new LinkedHashMap<>();
        for (String a : annotations) {
            String[] kv = ConfigFlagsMixin.keyValue(a, "--annotation");
            manifestAnnotations.put(kv[0], kv[1]);
        }
        ImageAssembler.Plan plan = new ImageAssembler.Plan(append.stream().map(LayerSource::parse).toList(), config.edits(),
                manifestAnnotations, false);
        try (ImageSource source = openSource()) {
            assembly.assemble(openImage(source), plan, "gantry mutate", remote.options(), out(), err(), json);
        }
        return 0;
    }
}
