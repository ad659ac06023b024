package dev.gantry.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/LIBRARY.md shows the examples' code: each of its java blocks must be in their sources, so neither drifts. */
class LibraryDocTest {
    private static final Path DOC = Path.of("../docs/LIBRARY.md");
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern JAVA_BLOCK = Pattern.compile("^```java\\n(.*?)^```$", Pattern.DOTALL | Pattern.MULTILINE);

    @Test
    void everyJavaBlockOfTheGuideIsInTheExamplesSources() throws IOException {
        List<String> blocks = javaBlocks(Files.readString(DOC));
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(normalised(Files.readString(file)));
            }
        }

        assertThat(blocks).as("java blocks in " + DOC).hasSizeGreaterThanOrEqualTo(4);
        for (String block : blocks) {
            assertThat(sources.stream().anyMatch(source -> source.contains(normalised(block))))
                    .as("this block of %s is in no source under %s (copy it from there, or change both):%n%s", DOC, SOURCES, block)
                    .isTrue();
        }
    }

    @Test
    void aBlockThatDriftedFromTheSourcesIsFound() {
        String doc = "text\n```java\nint a = 1;\n```\nmore\n```xml\n<x/>\n```\n```java\n  int   b =\n 2;\n```\n";

        assertThat(javaBlocks(doc)).containsExactly("int a = 1;\n", "  int   b =\n 2;\n");
        assertThat(normalised("  int   b =\n 2;\n")).isEqualTo("int b = 2;");
        assertThat(normalised("void f() {\n    int b = 2;\n}")).contains(normalised("  int   b =\n 2;\n"))
                .doesNotContain(normalised("int b = 3;"));
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** Runs of whitespace as one space, none at the ends: indentation and line breaks may differ. */
    static String normalised(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
