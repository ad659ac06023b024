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
 * beyond the route's own scope (a cross-repository mount reads another repository). Immutable.
 */
public final class Access {
    /** Everything is permitted: the access of every request when the registry does not use token auth. */
    public static final Access UNRESTRICTED = new Access(null);
    private static final String ATTRIBUTE = Access.class.getName();
    /** distribution's wildcard action: every action on that resource. */
    private static final String ANY_ACTION = "*";

    /** "type:name" to granted actions; null when unrestricted. */
    private final Map<String, Set<String>> granted;

    private Access(Map<String, Set<String>> granted) {
        this.granted = granted;
    }

    /**
     * Exactly what a token's {@code access} claim grants; the actions of scopes on the same resource add up.
     *
     * @param scopes the granted scopes; an action {@code *} grants every action on its resource
     * @return the access, restricted to those scopes (none at all for an empty list)
     */
    public static Access granted(List<Scope> scopes) {
        Map<String, Set<String>> granted = new HashMap<>();
        for (Scope scope : scopes) {
            granted.computeIfAbsent(scope.type() + ":" + scope.name(), k -> new HashSet<>()).addAll(scope.actions());
        }
        return new Access(granted);
    }

    /**
     * The access the auth handler left on a request, for checks beyond the route's own scope.
     *
     * @param request a request that went through the handler chain
     * @return what its token grants, or {@link #UNRESTRICTED} when no token auth handler ran
     */
    public static Access of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof Access access ? access : UNRESTRICTED;
    }

    void attachTo(Request request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /**
     * Whether every action on every resource is permitted.
     *
     * @return true for {@link #UNRESTRICTED}; false for a token's grants, whatever they cover
     */
    public boolean unrestricted() {
        return granted == null;
    }

    /**
     * Whether a scope is granted: all its actions on its resource, or {@code *} there.
     *
     * @param required the resource and actions a request needs
     * @return true when unrestricted or when the grants cover {@code required}
     */
    public boolean permits(Scope required) {
        if (granted == null) {
            return true;
        }
        Set<String> actions = granted.getOrDefault(required.type() + ":" + required.name(), Set.of());
        return actions.contains(ANY_ACTION) || actions.containsAll(required.actions());
    }

    /**
     * The repositories this access may pull from, for a mount without {@code from} that must find a readable
     * repository holding the blob.
     *
     * @return the names, sorted
     * @throws IllegalStateException when the access is unrestricted, which names no repositories (check
     *                               {@link #unrestricted()} first)
     */
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
