package dev.gantry.registry.auth;

import java.util.List;

/**
 * One resource and the actions a request needs on it, as a token challenge names it:
 * {@code repository:NAME:pull,push} or {@code registry:catalog:*} (distribution's scope grammar).
 * {@link #toString()} writes it back in that grammar.
 *
 * @param type    the resource type, {@code repository} or {@code registry}
 * @param name    the resource's name: a repository name, or {@code catalog}
 * @param actions the actions, such as {@code pull}, {@code push}, {@code delete}, or {@code *} for all
 */
public record Scope(String type, String name, List<String> actions) {
    /** The resource type of repositories. */
    public static final String REPOSITORY = "repository";
    /** Reading a repository: manifests, blobs, tags, referrers. */
    public static final String PULL = "pull";
    /** Writing a repository: uploads and manifest PUTs (which also need {@link #PULL}). */
    public static final String PUSH = "push";
    /** Deleting manifests and blobs of a repository. */
    public static final String DELETE = "delete";

    /**
     * Copies the actions.
     *
     * @throws NullPointerException when {@code actions} is null or holds null
     */
    public Scope {
        actions = List.copyOf(actions);
    }

    /**
     * A scope on one repository.
     *
     * @param name    the repository's name
     * @param actions the actions needed or granted, such as {@link #PULL} and {@link #PUSH}
     * @return the scope {@code repository:NAME:ACTIONS}
     */
    public static Scope repository(String name, String... actions) {
        return new Scope(REPOSITORY, name, List.of(actions));
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", actions);
    }
}
