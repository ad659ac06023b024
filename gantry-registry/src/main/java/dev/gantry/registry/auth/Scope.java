package dev.gantry.registry.auth;

import java.util.List;

/**
 * One resource and the actions a request needs on it, as a token challenge names it:
 * {@code repository:NAME:pull,push} or {@code registry:catalog:*} (distribution's scope grammar).
 */
public record Scope(String type, String name, List<String> actions) {
    public static final String REPOSITORY = "repository";
    public static final String PULL = "pull";
    public static final String PUSH = "push";
    public static final String DELETE = "delete";

    public Scope {
        actions = List.copyOf(actions);
    }

    public static Scope repository(String name, String... actions) {
        return new Scope(REPOSITORY, name, List.of(actions));
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", actions);
    }
}
