package dev.gantry.registry.auth;

import dev.gantry.registry.api.Route;
import dev.gantry.registry.content.Names;

import java.util.List;

/**
 * The scopes each endpoint needs, as distribution asks for them: reads need pull; uploads and
 * manifest PUTs need pull and push; DELETEs need delete; the catalog needs registry:catalog:*.
 * The base {@code /v2/} (and any unknown path) needs a valid token with no particular scope.
 */
final class RequiredScopes {
    static final Scope CATALOG = new Scope("registry", "catalog", List.of("*"));

    private RequiredScopes() {
    }

    static List<Scope> of(Route route, String method) {
        // An invalid name needs no scope: the API refuses it (NAME_INVALID), and it never reaches a challenge header.
        if (route == null || (route.name() != null && !Names.isName(route.name()))) {
            return List.of();
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        return switch (route.kind()) {
            case BASE, HEALTH -> List.of();
            case CATALOG -> List.of(CATALOG);
            case TAGS, REFERRERS -> List.of(Scope.repository(route.name(), Scope.PULL));
            case UPLOAD -> List.of(Scope.repository(route.name(), Scope.PULL, Scope.PUSH));
            case MANIFEST, BLOB -> List.of(read ? Scope.repository(route.name(), Scope.PULL)
                    : method.equals("DELETE") ? Scope.repository(route.name(), Scope.DELETE)
                    : Scope.repository(route.name(), Scope.PULL, Scope.PUSH));
        };
    }
}
