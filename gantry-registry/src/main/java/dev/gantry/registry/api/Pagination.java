package dev.gantry.registry.api;

import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code n} and {@code last} parameters of tags/list, _catalog and referrers: entries after
 * {@code last} in the listing's order, at most {@code size}; a Link header to the next page when
 * more remain. Listings fetch one entry beyond the page to know whether more remain.
 */
record Pagination(int size, String last) {
    /** The cap when a client asks for no particular page size; larger lists are paged. */
    static final int DEFAULT_PAGE = 10_000;

    static Pagination of(Exchange exchange) {
        return of(exchange, DEFAULT_PAGE);
    }

    static Pagination of(Exchange exchange, int defaultSize) {
        String n = exchange.param("n");
        int size = defaultSize;
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

    /** How many entries a listing should fetch: the page and one more, which says whether a next page exists. */
    int fetch() {
        return size == Integer.MAX_VALUE ? size : size + 1;
    }

    /** The first {@code size} of entries after {@code last}. */
    <T> List<T> trim(List<T> afterLast) {
        return afterLast.size() > size ? afterLast.subList(0, size) : afterLast;
    }

    /**
     * Sets the Link header to the page after {@code lastSent}; {@code extraQuery} ("&k=v") carries
     * filters along. Only for a non-empty page: an empty one has no entry to continue from.
     */
    void link(Exchange exchange, String path, String lastSent, String extraQuery) {
        exchange.header("Link", "<" + path + "?n=" + size + "&last=" + URLEncoder.encode(lastSent, StandardCharsets.UTF_8)
                + extraQuery + ">; rel=\"next\"");
    }
}
