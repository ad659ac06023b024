package dev.gantry.dockerfile;

/**
 * A here-document after RUN, COPY or ADD: {@code <<EOF} ... {@code EOF}. {@code expand} is false
 * when the delimiter was quoted ({@code <<'EOF'}), so the body is taken literally;
 * {@code stripTabs} for {@code <<-EOF}, whose body and terminator lose leading tabs (already
 * removed from {@code content}). {@code content} ends with a newline unless empty.
 *
 * @param name      the delimiter, without quotes; COPY names the file after it
 * @param content   the body, a newline after each line
 * @param expand    false when the delimiter was quoted and the body is literal
 * @param stripTabs true for {@code <<-}, whose leading tabs were removed
 */
public record Heredoc(String name, String content, boolean expand, boolean stripTabs) {
}
