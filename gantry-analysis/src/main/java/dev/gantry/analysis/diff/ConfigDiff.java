package dev.gantry.analysis.diff;

import dev.gantry.oci.ImageConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;

/** The config fields that decide how a container runs, compared one by one (maps and lists key by key). */
final class ConfigDiff {
    private ConfigDiff() {
    }

    static List<ConfigChange> of(ImageConfig a, ImageConfig b) {
        ImageConfig.ContainerConfig x = container(a);
        ImageConfig.ContainerConfig y = container(b);
        List<ConfigChange> out = new ArrayList<>();
        field(out, "platform", a.platform().toString(), b.platform().toString());
        field(out, "user", x.user(), y.user());
        field(out, "workdir", x.workingDir(), y.workingDir());
        field(out, "entrypoint", list(x.entrypoint()), list(y.entrypoint()));
        field(out, "cmd", list(x.cmd()), list(y.cmd()));
        field(out, "shell", list(x.shell()), list(y.shell()));
        field(out, "stopSignal", x.stopSignal(), y.stopSignal());
        field(out, "healthcheck", text(x.healthcheck()), text(y.healthcheck()));
        keyed(out, "env", env(x.env()), env(y.env()));
        keyed(out, "labels", x.labels(), y.labels());
        present(out, "ports", x.exposedPorts(), y.exposedPorts());
        present(out, "volumes", x.volumes(), y.volumes());
        field(out, "layers", String.valueOf(a.diffIds().size()), String.valueOf(b.diffIds().size()));
        return out;
    }

    private static ImageConfig.ContainerConfig container(ImageConfig c) {
        return c.config() != null ? c.config()
                : new ImageConfig.ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static void field(List<ConfigChange> out, String name, String before, String after) {
        if (!Objects.equals(before, after)) {
            out.add(new ConfigChange(name, before, after));
        }
    }

    private static String list(List<String> values) {
        return values == null ? null : values.toString();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Env entries by variable name ("A=1" is A -> 1; a later duplicate wins, as at run time). */
    private static Map<String, String> env(List<String> env) {
        Map<String, String> out = new TreeMap<>();
        if (env != null) {
            for (String e : env) {
                int eq = e.indexOf('=');
                out.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
            }
        }
        return out;
    }

    private static void keyed(List<ConfigChange> out, String prefix, Map<String, String> a, Map<String, String> b) {
        Map<String, String> x = a == null ? Map.of() : a;
        Map<String, String> y = b == null ? Map.of() : b;
        TreeSet<String> keys = new TreeSet<>(x.keySet());
        keys.addAll(y.keySet());
        for (String k : keys) {
            field(out, prefix + "." + k, x.get(k), y.get(k));
        }
    }

    private static void present(List<ConfigChange> out, String prefix, Map<String, Object> a, Map<String, Object> b) {
        TreeSet<String> keys = new TreeSet<>(a == null ? Set.of() : a.keySet());
        keys.addAll(b == null ? Set.of() : b.keySet());
        for (String k : keys) {
            boolean inA = a != null && a.containsKey(k);
            boolean inB = b != null && b.containsKey(k);
            field(out, prefix + "." + k, inA ? "present" : null, inB ? "present" : null);
        }
    }
}
