package dev.gantry.build.containerfile;

import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.runtime.layer.LayerWriter;
import dev.gantry.runtime.layer.TarContent;
import dev.gantry.runtime.layer.WrittenLayer;
import dev.gantry.transport.ManifestFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LayerCacheTest {
    @TempDir
    Path work;

    private WrittenLayer layer(String content) throws IOException {
        Path tree = Files.createDirectories(work.resolve("tree-" + content));
        Files.writeString(tree.resolve("file.txt"), content);
        return new LayerWriter(LayerCompression.defaults(), ManifestFormat.OCI)
                .write(TarContent.directory(tree, new Warnings(null)), work);
    }

    @Test
    void pruneDropsEntriesUnusedForTheGivenTimeAndKeepsRecentlyUsedOnes() throws Exception {
        LayerCache cache = new LayerCache(work.resolve("cache"));
        CacheKey old = CacheKey.base("old");
        CacheKey used = CacheKey.base("used");
        cache.store(old, layer("old"));
        cache.store(used, layer("used"));
        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
        Files.setLastModifiedTime(work.resolve("cache/" + old.digest().hex() + "/layer.json"), longAgo);
        Files.setLastModifiedTime(work.resolve("cache/" + used.digest().hex() + "/layer.json"), longAgo);
        assertThat(cache.find(used)).isPresent(); // using it makes it recent again

        LayerCache.Pruned pruned = cache.prune(Duration.ofDays(7));
        assertThat(pruned.entries()).isEqualTo(1);
        assertThat(pruned.bytes()).isPositive();
        assertThat(cache.find(old)).isEmpty();
        assertThat(cache.find(used)).isPresent();

        assertThat(cache.prune(Duration.ZERO).entries()).isEqualTo(1);
        assertThat(cache.find(used)).isEmpty();
    }
}
