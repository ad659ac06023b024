package dev.gantry.picocli.specs;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;

import java.lang.reflect.InaccessibleObjectException;
import java.util.function.Supplier;

/**
 * A {@code scope = INHERIT} root with {@code mixinStandardHelpOptions}, taking subcommands without
 * picocli rebuilding the --help/--version mixin by reflection for each of them (which
 * {@code CommandSpec.mixinStandardHelpOptions(true)} always does). {@link #suspend} takes the root's
 * own mixin off and makes it LOCAL while the subcommands are added; {@link #resume} makes it INHERIT
 * again, so picocli's own rule passes the root's attributes down the tree, then mixes the standard
 * help options (from generated code) into the root and every command under it that has no such
 * options already, which is where picocli's inheritance puts them.
 */
public final class InheritingRoot {
    private final CommandSpec root;
    private final boolean standardHelp;

    private InheritingRoot(CommandSpec root, boolean standardHelp) {
        this.root = root;
        this.standardHelp = standardHelp;
    }

    /** Null when the root does not inherit (nothing to do); call before it has subcommands. */
    public static InheritingRoot suspend(CommandSpec root) {
        if (root.scopeType() != ScopeType.INHERIT) {
            return null;
        }
        boolean standardHelp = root.mixinStandardHelpOptions();
        root.mixinStandardHelpOptions(false);
        root.scopeType(ScopeType.LOCAL);
        return new InheritingRoot(root, standardHelp);
    }

    /**
     * After the subcommands are added. On the module path picocli's package is not open to this module,
     * so the mixin (private fields of picocli's AutoHelpMixin) cannot be bound from here: then picocli
     * builds it, by reflection, as it would have.
     */
    public void resume(Supplier<CommandSpec> standardHelpMixin) {
        CommandSpec rootMixin = null;
        if (standardHelp) {
            try {
                rootMixin = standardHelpMixin.get();
            } catch (InaccessibleObjectException e) {
                root.mixinStandardHelpOptions(true);
                root.scopeType(ScopeType.INHERIT);
                return;
            }
        }
        root.scopeType(ScopeType.INHERIT);
        if (standardHelp) {
            GeneratedSpecs.mixinStandardHelpOptions(root, rootMixin);
            for (CommandLine sub : root.subcommands().values()) {
                mixInto(sub.getCommandSpec(), standardHelpMixin);
            }
        }
    }

    private static void mixInto(CommandSpec spec, Supplier<CommandSpec> standardHelpMixin) {
        if (!spec.mixinStandardHelpOptions()) {
            GeneratedSpecs.mixinStandardHelpOptions(spec, standardHelpMixin.get());
        }
        for (CommandLine sub : spec.subcommands().values()) {
            mixInto(sub.getCommandSpec(), standardHelpMixin);
        }
    }
}
