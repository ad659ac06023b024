package dev.gantry.registry.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.error.GantryException;
import dev.gantry.oci.Json;
import dev.gantry.registry.client.http.Body;
import dev.gantry.registry.client.http.HttpTransport;
import dev.gantry.registry.client.http.Request;
import dev.gantry.registry.client.http.Response;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Docker's token flow: ask the challenge's realm for a token for a service and scopes, with
 * Basic credentials when there are any (anonymous otherwise), or by the OAuth2 refresh-token
 * grant when the credentials are an identity token. Accepts {@code token} or
 * {@code access_token}; a token without {@code expires_in} lives 60 s, as the spec says.
 */
final class TokenClient {
    private static final long DEFAULT_LIFETIME = 60;

    private final HttpTransport http;

    TokenClient(HttpTransport http) {
        this.http = http;
    }

    Token fetch(Challenge challenge, String scopes, Credentials credentials) throws IOException {
        String realm = challenge.param("realm");
        if (realm == null || realm.isEmpty()) {
            throw new GantryException("registry asked for a bearer token but named no realm to get it from: " + challenge.params());
        }
        String service = challenge.param("service");
        Request request;
        if (credentials != null && credentials.identityToken() != null) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=gantry&refresh_token=")
                    .append(enc(credentials.identityToken()));
            if (service != null) {
                form.append("&service=").append(enc(service));
            }
            for (String scope : scopes.split(" ")) {
                if (!scope.isEmpty()) {
                    form.append("&scope=").append(enc(scope));
                }
            }
            request = new Request("POST", URI.create(realm), Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    Body.of(form.toString().getBytes(StandardCharsets.UTF_8)));
        } else {
            StringBuilder query = new StringBuilder();
            if (service != null) {
                query.append("service=").append(enc(service));
            }
            for (String scope : scopes.split(" ")) {
                if (!scope.isEmpty()) {
                    query.append(query.isEmpty() ? "" : "&").append("scope=").append(enc(scope));
                }
            }
            request = Request.get(URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query)));
        }
        String basic = credentials != null && credentials.username() != null ? credentials.basicHeader() : null;
        try (Response response = http.send(request, uri -> basic)) {
            if (!response.ok()) {
                String body = response.text();
                boolean identity = credentials != null && credentials.identityToken() != null;
                String what = identity ? "the identity token" : basic != null ? "the credentials for " + credentials.username() : "an anonymous token";
                throw new GantryException("token server " + realm + " refused " + what + " (HTTP " + response.status() + "): " + body.strip()
                        + (identity ? "; log in again (docker login) for a new one"
                        : basic == null ? "; log in (docker login or --authfile) if the repository is private" : ""));
            }
            JsonNode node = Json.tree(response.text().getBytes(StandardCharsets.UTF_8), "token response from " + realm);
            String token = node.path("token").asText(node.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new GantryException("token server " + realm + " answered without a token");
            }
            long lifetime = node.path("expires_in").asLong(DEFAULT_LIFETIME);
            return new Token(token, Instant.now().plusSeconds(Math.max(lifetime, DEFAULT_LIFETIME)));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
