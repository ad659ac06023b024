package dev.gantry.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits instruction arguments into words at unquoted blanks, as the Dockerfile frontend does
 * before expansion: quotes and escapes are kept in each word (so {@link Expander} can honour
 * them later); an escaped blank does not split.
 */
public final class Words {
    private Words() {
    }

    /**
     * Splits at unquoted, unescaped blanks.
     *
     * @param text   an instruction's arguments
     * @param escape the file's escape character
     * @return the words, raw, in order; empty for blank text
     */
    public static List<String> split(String text, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            word.append(c);
            if (c == escape && quote != '\'' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
