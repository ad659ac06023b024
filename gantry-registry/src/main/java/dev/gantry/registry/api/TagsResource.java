package dev.gantry.registry.api;

import dev.gantry.oci.Json;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /v2/&lt;name&gt;/tags/list with n, last and a Link header to the next page. */
final class TagsResource {
    void handle(Exchange exchange, Repository repository) throws IOException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, exchange.method() + " is not supported on tags/list");
        }
        if (!repository.exists()) {
            throw new RegistryException(ErrorCode.NAME_UNKNOWN, "repository " + repository.name() + " is not known to this registry",
                    Map.of("name", repository.name()));
        }
        Pagination pagination = Pagination.of(exchange);
        // The store pages (a database in its query); one entry past the page says whether a next one exists.
        List<String> fetched = repository.tags(pagination.last(), pagination.fetch());
        List<String> page = pagination.trim(fetched);
        if (!page.isEmpty() && page.size() < fetched.size()) {
            pagination.link(exchange, "/v2/" + repository.name() + "/tags/list", page.getLast(), "");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repository.name());
        body.put("tags", page);
        exchange.send(200, "application/json", Json.write(body));
    }
}
