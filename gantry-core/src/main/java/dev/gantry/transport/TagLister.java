package dev.gantry.transport;

import java.io.IOException;
import java.util.List;

/**
 * A source that can say which images it holds ({@code gantry ls}, the store's names). Kept out
 * of {@link ImageSource}, which only reads one image: copy, inspect and the image views never
 * list. Layouts, archives and registry repositories implement it; ask with {@code instanceof}.
 */
public interface TagLister {
    /**
     * {@return the tags (or full names) held, in the store's own order}
     *
     * @throws IOException when the store cannot be listed
     */
    List<String> tags() throws IOException;
}
