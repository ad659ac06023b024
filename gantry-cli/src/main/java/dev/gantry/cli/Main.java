package dev.gantry.cli;

import dev.gantry.cli.commands.AppendCommand;
import dev.gantry.cli.commands.AuthCommand;
import dev.gantry.cli.commands.BlameCommand;
import dev.gantry.cli.commands.BlobCommand;
import dev.gantry.cli.commands.BuildCommand;
import dev.gantry.cli.commands.BundleCommand;
import dev.gantry.cli.commands.CatalogCommand;
import dev.gantry.cli.commands.CommitCommand;
import dev.gantry.cli.commands.ConfigCommand;
import dev.gantry.cli.commands.CopyCommand;
import dev.gantry.cli.commands.DeleteCommand;
import dev.gantry.cli.commands.DiffCommand;
import dev.gantry.cli.commands.DiffContainerCommand;
import dev.gantry.cli.commands.DigestCommand;
import dev.gantry.cli.commands.EfficiencyCommand;
import dev.gantry.cli.commands.EditCommand;
import dev.gantry.cli.commands.ExportCommand;
import dev.gantry.cli.commands.FlattenCommand;
import dev.gantry.cli.commands.GcCommand;
import dev.gantry.cli.commands.HistoryCommand;
import dev.gantry.cli.commands.ImageGroupCommand;
import dev.gantry.cli.commands.ImagesCommand;
import dev.gantry.cli.commands.IndexGroupCommand;
import dev.gantry.cli.commands.InspectCommand;
import dev.gantry.cli.commands.LayersCommand;
import dev.gantry.cli.commands.LintCommand;
import dev.gantry.cli.commands.LoginCommand;
import dev.gantry.cli.commands.LogoutCommand;
import dev.gantry.cli.commands.LsCommand;
import dev.gantry.cli.commands.ManifestCommand;
import dev.gantry.cli.commands.MutateCommand;
import dev.gantry.cli.commands.PackagesCommand;
import dev.gantry.cli.commands.PruneCommand;
import dev.gantry.cli.commands.PsCommand;
import dev.gantry.cli.commands.ExecCommand;
import dev.gantry.cli.commands.StopCommand;
import dev.gantry.cli.commands.LogsCommand;
import dev.gantry.cli.commands.PullCommand;
import dev.gantry.cli.commands.PushCommand;
import dev.gantry.cli.commands.RebaseCommand;
import dev.gantry.cli.commands.ReferrersCommand;
import dev.gantry.cli.commands.RmCommand;
import dev.gantry.cli.commands.RmiCommand;
import dev.gantry.cli.commands.RunCommand;
import dev.gantry.cli.commands.SecretsCommand;
import dev.gantry.cli.commands.ServeCommand;
import dev.gantry.cli.commands.TagCommand;
import dev.gantry.cli.commands.TagsCommand;
import dev.gantry.cli.commands.TreeCommand;
import dev.gantry.cli.commands.RepackCommand;
import dev.gantry.cli.commands.UnpackCommand;
import dev.gantry.cli.commands.ValidateCommand;
import dev.gantry.cli.commands.VulnsCommand;
import dev.gantry.picocli.specs.InheritingRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

/** The `gantry` command: verbs as subcommands, exit 0 ok, 1 failed check, 2 usage or I/O error. */
@Command(name = "gantry",
        mixinStandardHelpOptions = true,
        // Subcommands inherit --help and --version, so `gantry copy --help` works.
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "Daemonless toolkit for OCI container images: inspect, analyse, validate, copy, unpack, "
                + "build and run images in registries, OCI layouts, docker-archive and oci-archive tarballs; "
                + "serve an OCI registry.",
        // Each line fits picocli's 80 columns: a longer one is wrapped wherever column 80 falls.
        footer = {"", "Image locations:",
                "  oci:DIR[:TAG|@DIGEST]             OCI image layout directory",
                "  oci-archive:FILE[:TAG|@DIGEST]    tar of an OCI image layout",
                "  docker-archive:FILE[:NAME:TAG]    `docker save` tarball (.tar, .tar.gz);",
                "                                    :@N picks the N-th image",
                "  dir:DIR                           skopeo's directory form (one image)",
                "  docker-daemon:NAME:TAG            image in the Docker daemon: its API on",
                "                                    $DOCKER_HOST, else /var/run/docker.sock;",
                "                                    docker-daemon:sha256:ID by image ID",
                "  containers-storage:[DRIVER@ROOT+RUNROOT]NAME  podman's local store",
                "                                    (overlay or vfs; default: storage.conf)",
                "  PATH[:TAG]                        existing layout or archive, detected",
                "  docker://HOST/REPO[:TAG|@DIGEST]  registry image over https (--insecure",
                "                                    allows http and unverified TLS)",
                "  HOST/REPO[:TAG], NAME[:TAG]       the same, bare (docker.io without a host)"})
public final class Main {
    /**
     * The verbs, in the order help lists them. They are added to the command line per run, not in
     * the annotation: picocli builds a command's model by reflection, and building all of them
     * cost most of a short command's start-up, so a run names only the verb it uses (all of them
     * when it names none it knows, for help and suggestions).
     */
    static final List<Class<?>> COMMANDS = List.of(
            InspectCommand.class,
            ManifestCommand.class,
            ConfigCommand.class,
            LayersCommand.class,
            BlobCommand.class,
            HistoryCommand.class,
            DigestCommand.class,
            LsCommand.class,
            ValidateCommand.class,
            TreeCommand.class,
            BlameCommand.class,
            EfficiencyCommand.class,
            DiffCommand.class,
            SecretsCommand.class,
            PackagesCommand.class,
            VulnsCommand.class,
            LintCommand.class,
            CopyCommand.class,
            PullCommand.class,
            PushCommand.class,
            TagsCommand.class,
            TagCommand.class,
            DeleteCommand.class,
            CatalogCommand.class,
            ReferrersCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            AuthCommand.class,
            UnpackCommand.class,
            RepackCommand.class,
            BundleCommand.class,
            ExportCommand.class,
            FlattenCommand.class,
            ImageGroupCommand.class,
            MutateCommand.class,
            AppendCommand.class,
            RebaseCommand.class,
            EditCommand.class,
            IndexGroupCommand.class,
            BuildCommand.class,
            RunCommand.class,
            PsCommand.class,
            LogsCommand.class,
            StopCommand.class,
            ExecCommand.class,
            RmCommand.class,
            DiffContainerCommand.class,
            CommitCommand.class,
            ImagesCommand.class,
            RmiCommand.class,
            PruneCommand.class,
            ServeCommand.class,
            GcCommand.class);

    /**
     * Verbs that take no image location (a Dockerfile, a registry host or repository, a container,
     * the server's store): the inherited footer about image locations would only mislead there.
     */
    private static final java.util.Set<String> WITHOUT_IMAGE_LOCATIONS = java.util.Set.of(
            "lint", "login", "logout", "auth", "catalog", "tags", "tag", "delete", "ps", "rm", "diff-container",
            "images", "rmi", "prune", "serve", "gc", "help", "logs", "stop", "exec");

    public static final int EXIT_OK = 0;
    public static final int EXIT_CHECK_FAILED = 1;
    public static final int EXIT_ERROR = 2;

    private Main() {
    }

    public static void main(String[] args) {
        ProcessSettings.apply();
        if (args.length > 0 && (args[0].equals("serve") || args[0].equals("gc"))) {
            Plugins.useOnThisThread(); // the verbs that open a registry's storage, which may be a plugin's
        }
        StartupWarmup.start(args);
        ProcessExit.exit(run(args));
    }

    /** Runs a command line and returns its exit code; the test entry point. */
    public static int run(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // What picocli would print, without building its model of the command line first
            // (a third of `gantry --version`'s time); scripts call it in loops.
            for (String line : new VersionProvider().getVersion()) {
                System.out.println(line);
            }
            System.out.flush();
            return EXIT_OK;
        }
        CommandLine cli = commandLine(args, true);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        // `gantry run IMAGE sh -c ...`: everything after the image is the container's command, as with docker run.
        for (String passesItsCommandOn : List.of("run", "exec")) {
            if (cli.getSubcommands().containsKey(passesItsCommandOn)) {
                cli.getSubcommands().get(passesItsCommandOn).setStopAtPositional(true);
            }
        }
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("gantry: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr())) {
                cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            return EXIT_ERROR;
        });
        return cli.execute(args);
    }


    /**
     * The command line a run of {@code args} needs: the root, the verb it names with its whole model
     * (all verbs bare when it names none it knows, for help and suggestions) and picocli's help verb.
     * With {@code generated}, each comes from its spec written at compile time
     * ({@link GeneratedCommandSpecs}, by gantry-picocli-specs' processor) when there is one: picocli's
     * reflection reads every annotation through the JDK's annotation parser and a Proxy class per
     * annotation type, most of a short command's start-up. Without, all is picocli's reflection (the
     * equivalence tests build both).
     */
    static CommandLine commandLine(String[] args, boolean generated) {
        CommandLine.IFactory factory = CommandLine.defaultFactory();
        CommandLine cli = generated ? generated(Main.class, factory) : null;
        if (cli == null) {
            cli = new CommandLine(new Main(), factory);
        }
        String verb = args.length > 0 ? args[0] : "";
        boolean versionOnly = verb.equals("--version") || verb.equals("-V");
        // `gantry help VERB` needs that verb's whole model, as `gantry VERB` does.
        String modelled = verb.equals("help") && args.length > 1 ? args[1] : verb;
        boolean modelledKnown = COMMANDS.stream().anyMatch(c -> names(c, generated).contains(modelled));
        if (!modelledKnown) {
            // Listed verbs are never run: they need not inherit --help/--version (picocli builds that
            // mixin by reflection for each of them: a third of `gantry --help`).
            cli.getCommandSpec().scopeType(CommandLine.ScopeType.LOCAL);
        }
        // Generated: the verbs are added to a LOCAL root, which then inherits as picocli would.
        InheritingRoot inheriting = generated ? InheritingRoot.suspend(cli.getCommandSpec()) : null;
        for (Class<?> command : COMMANDS) {
            if (versionOnly) {
                break;
            } else if (!modelledKnown) {
                // The verb list (gantry, --help, an unknown verb's suggestions) needs names and one-line
                // descriptions only: a bare spec from the @Command annotation, not the reflected model of
                // every option of 44 commands (that was 0.15 s of `gantry --help`).
                cli.addSubcommand(listed(command, generated));
            } else if (names(command, generated).contains(modelled)) {
                addVerb(cli, command, generated, factory);
            }
        }
        addVerb(cli, CommandLine.HelpCommand.class, generated, factory);
        if (inheriting != null) {
            inheriting.resume(() -> {
                try {
                    return GeneratedCommandSpecs.standardHelp(factory);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CommandLine.InitializationException("cannot build the standard help options: " + e, e);
                }
            });
        }
        cli.getSubcommands().forEach((name, sub) -> {
            if (WITHOUT_IMAGE_LOCATIONS.contains(name)) {
                sub.getCommandSpec().usageMessage().footer(new String[0]);
                // their own verbs (serve scrub) take no image location either
                sub.getSubcommands().values().forEach(nested -> nested.getCommandSpec().usageMessage().footer(new String[0]));
            }
        });
        return cli;
    }

    /** A command from its generated spec, or null when it has none. */
    private static CommandLine generated(Class<?> command, CommandLine.IFactory factory) {
        try {
            CommandLine.Model.CommandSpec spec = GeneratedCommandSpecs.create(command, factory);
            return spec == null ? null : new CommandLine(spec, factory);
        } catch (CommandLine.InitializationException e) {
            throw e;
        } catch (java.lang.reflect.InaccessibleObjectException e) {
            // On the module path: a private field of picocli's own help command cannot be bound from here.
            return null;
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot build the generated spec of " + command.getName() + ": " + e, e);
        }
    }

    private static void addVerb(CommandLine cli, Class<?> command, boolean generated, CommandLine.IFactory factory) {
        CommandLine sub = generated ? generated(command, factory) : null;
        if (sub == null) {
            cli.addSubcommand(command);
            return;
        }
        cli.addSubcommand(sub.getCommandSpec().name(), sub);
    }

    /** A verb as the verb list shows it: its names and description, no options (never executed). */
    private static CommandLine listed(Class<?> command, boolean generated) {
        String name = generated ? GeneratedCommandSpecs.name(command) : null;
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();
        if (name != null) {
            spec.name(name).aliases(GeneratedCommandSpecs.aliases(command));
            spec.usageMessage().description(GeneratedCommandSpecs.description(command));
        } else {
            Command annotation = command.getAnnotation(Command.class);
            spec.name(annotation.name()).aliases(annotation.aliases());
            spec.usageMessage().description(annotation.description());
        }
        return new CommandLine(spec);
    }

    /** A verb's aliases and name: generated literals when there are (no annotation parsing), else by reflection. */
    private static List<String> names(Class<?> command, boolean generated) {
        String name = generated ? GeneratedCommandSpecs.name(command) : null;
        if (name != null) {
            List<String> names = new ArrayList<>(List.of(GeneratedCommandSpecs.aliases(command)));
            names.add(name);
            return names;
        }
        Command annotation = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(annotation.aliases()));
        names.add(annotation.name());
        return names;
    }
}
