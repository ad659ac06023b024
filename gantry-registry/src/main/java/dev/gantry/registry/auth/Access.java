package dev.gantry.registry.auth;

import org.eclipse.jetty.server.Request;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the caller of one request may do. Without token auth (no auth, or Basic auth where every
 * user may do everything) it is {@link #UNRESTRICTED}; with a token it is exactly the token's
 * {@code access} claim. The auth handler leaves it on the request for the API, which needs it
 * beyond the route's own scope (a cross-repository mount reads another repository).
 */
public final class Access {
    public static final Access UNRESTRICTED = new Access(null);
    private static final String ATTRIBUTE = Access.class.getName();
    /** distribution's wildcard action: every action on that resource. */
    private static final String ANY_ACTION = "*";

    /** "type:name" to granted actions; null when unrestricted. */
    private final Map<String, Set<String>> granted;

    private Access(Map<String, Set<String>> granted) {
        this.granted = granted;
    }

    public static Access granted(List<Scope> scopes) {
        Map<String, Set<String>> granted = new HashMap<>();
        for (Scope scope : scopes) {
            granted.computeIfAbsent(scope.type() + ":" + scope.name(), k -> new HashSet<>()).addAll(scope.actions());
        }
        return new Access(granted);
    }

    /** The access left on the request by the auth handler; unrestricted when none ran. */
    public static Access of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof Access access ? access : UNRESTRICTED;
    }

    void attachTo(Request request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    public boolean unrestricted() {
        return granted == null;
    }

    public boolean permits(Scope required) {
        if (granted == null) {
            return true;
        }
        Set<String> actions = granted.getOrDefault(required.type() + ":" + required.name(), Set.of());
        return actions.contains(ANY_ACTION) || actions.containsAll(required.actions());
    }

    /** The repositories this access may pull from (meaningless when unrestricted: check that first). */
    public List<String> pullableRepositories() {
        if (granted == null) {
            throw new IllegalStateException("unrestricted access names no repositories");
        }
        String prefix = Scope.REPOSITORY + ":";
        return granted.keySet().stream().filter(k -> k.startsWith(prefix))
                .map(k -> k.substring(prefix.length()))
                .filter(name -> permits(Scope.repository(name, Scope.PULL)))
                .sorted().toList();
    }
}
