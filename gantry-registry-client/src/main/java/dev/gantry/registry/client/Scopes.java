package dev.gantry.registry.client;

/** Token scopes (Docker token auth) for what a request does in a repository. */
final class Scopes {
    private Scopes() {
    }

    static String pull(String repository) {
        return "repository:" + repository + ":pull";
    }

    static String push(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    /** Pushing to {@code repository} while mounting from {@code from}: both scopes in one token. */
    static String pushMounting(String repository, String from) {
        return push(repository) + " " + pull(from);
    }

    static String delete(String repository) {
        return "repository:" + repository + ":delete";
    }

    static final String CATALOG = "registry:catalog:*";
}
