package dev.gantry.runtime.container;

import java.util.List;

/**
 * What to run, as {@code docker run} takes it.
 *
 * @param image      image reference (looked up in the store, pulled or copied in when absent)
 * @param command    arguments replacing the image's Cmd (empty: keep it)
 * @param entrypoint replaces the image's Entrypoint and drops its Cmd (null: keep both)
 * @param env        K=V entries added to (or replacing those of) the image's Env
 * @param workdir    the process's working directory (null: the image's)
 * @param user       user[:group] by name or id, resolved in the image (null: the image's)
 * @param name       a name for the container (null: none)
 * @param remove     delete the container when its process exits
 * @param mounts     host paths bound into the container besides the default mounts
 * @param settings   stdin, terminal, read-only root, limits, platform
 */
public record ContainerSpec(String image, List<String> command, List<String> entrypoint, List<String> env,
                            String workdir, String user, String name, boolean remove, List<BindMount> mounts,
                            RunSettings settings) {
    /**
     * Normalises the lists: null becomes empty (null {@code entrypoint} stays null, meaning "keep the
     * image's"), null {@code settings} becomes {@link RunSettings#defaults()}; lists are copied.
     */
    public ContainerSpec {
        command = command == null ? List.of() : List.copyOf(command);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        env = env == null ? List.of() : List.copyOf(env);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        settings = settings == null ? RunSettings.defaults() : settings;
    }

    /**
     * A spec with the default settings.
     *
     * @param image      image reference (looked up in the store, pulled or copied in when absent)
     * @param command    arguments replacing the image's Cmd (empty or null: keep it)
     * @param entrypoint replaces the image's Entrypoint and drops its Cmd (null: keep both)
     * @param env        K=V entries added to (or replacing those of) the image's Env
     * @param workdir    the process's working directory (null: the image's)
     * @param user       user[:group] by name or id, resolved in the image (null: the image's)
     * @param name       a name for the container (null: none)
     * @param remove     delete the container when its process exits
     * @param mounts     host paths bound into the container besides the default mounts
     */
    public ContainerSpec(String image, List<String> command, List<String> entrypoint, List<String> env,
                         String workdir, String user, String name, boolean remove, List<BindMount> mounts) {
        this(image, command, entrypoint, env, workdir, user, name, remove, mounts, RunSettings.defaults());
    }

    /**
     * A spec without extra mounts and with the default settings.
     *
     * @param image      image reference (looked up in the store, pulled or copied in when absent)
     * @param command    arguments replacing the image's Cmd (empty or null: keep it)
     * @param entrypoint replaces the image's Entrypoint and drops its Cmd (null: keep both)
     * @param env        K=V entries added to (or replacing those of) the image's Env
     * @param workdir    the process's working directory (null: the image's)
     * @param user       user[:group] by name or id, resolved in the image (null: the image's)
     * @param name       a name for the container (null: none)
     * @param remove     delete the container when its process exits
     */
    public ContainerSpec(String image, List<String> command, List<String> entrypoint, List<String> env,
                         String workdir, String user, String name, boolean remove) {
        this(image, command, entrypoint, env, workdir, user, name, remove, List.of());
    }

    /**
     * The image's own settings, with an optional command; no name, container kept after it exits.
     *
     * @param image   image reference
     * @param command arguments replacing the image's Cmd; none keeps it
     * @return the spec
     */
    public static ContainerSpec of(String image, String... command) {
        return new ContainerSpec(image, List.of(command), null, List.of(), null, null, null, false);
    }

    /**
     * The same spec, with {@code --rm} on or off.
     *
     * @param remove delete the container when its process exits
     * @return a copy with {@code remove} changed
     */
    public ContainerSpec withRemove(boolean remove) {
        return new ContainerSpec(image, command, entrypoint, env, workdir, user, name, remove, mounts, settings);
    }

    /**
     * The same spec, with another container name.
     *
     * @param newName the name, or null for none
     * @return a copy with the name changed
     */
    public ContainerSpec withName(String newName) {
        return new ContainerSpec(image, command, entrypoint, env, workdir, user, newName, remove, mounts, settings);
    }
}
