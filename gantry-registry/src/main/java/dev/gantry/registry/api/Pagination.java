package dev.gantry.registry.api;

import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code n} and {@code last} parameters of tags/list and _catalog: entries sorted lexically,
 * those after {@code last}, at most {@code n}; a Link header to the next page when more remain.
 */
record Pagination(Integer n, String last) {
    /** The cap when a client asks for no particular page size; larger lists are paged. */
    static final int DEFAULT_PAGE = 10_000;

    static Pagination of(Exchange exchange) {
        String n = exchange.param("n");
        Integer size = null;
        if (n != null) {
            try {
                size = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw new RegistryException(ErrorCode.PAGINATION_NUMBER_INVALID, "n must be a non-negative integer, not '" + n + "'");
            }
        }
        return new Pagination(size, exchange.param("last"));
    }

    /** The page, and sets the Link header on {@code exchange} when there is a next one. */
    List<String> page(List<String> sorted, String path, Exchange exchange) {
        int from = 0;
        if (last != null) {
            while (from < sorted.size() && sorted.get(from).compareTo(last) <= 0) {
                from++;
            }
        }
        int size = n == null ? DEFAULT_PAGE : n;
        int to = (int) Math.min(sorted.size(), (long) from + size);
        List<String> page = sorted.subList(from, to);
        if (to < sorted.size() && !page.isEmpty()) {
            exchange.header("Link", "<" + path + "?n=" + size + "&last="
                    + URLEncoder.encode(page.getLast(), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        return page;
    }
}
