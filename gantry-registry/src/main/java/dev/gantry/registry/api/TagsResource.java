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
        List<String> page = pagination.page(repository.tags(), "/v2/" + repository.name() + "/tags/list", exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repository.name());
        body.put("tags", page);
        exchange.send(200, "application/json", Json.write(body));
    }
}
