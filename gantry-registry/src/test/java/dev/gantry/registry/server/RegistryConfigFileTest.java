package dev.gantry.registry.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON file behind `gantry serve --config`: keys mirror the flags, typos and wrong types are errors naming the key. */
class RegistryConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryKeyAndTakesRelativePathsFromTheFilesDirectory() throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("gantry.json"), """
                {"addr": "127.0.0.1:5443", "data": "store", "htpasswd": "/srv/htpasswd", "readOnly": true,
                 "tlsCert": "tls/cert.pem", "tlsKey": "tls/key.pem", "maxUploadSize": 1073741824,
                 "maxConcurrentUploads": 8, "accessLog": false}
                """);
        RegistryConfigFile config = RegistryConfigFile.read(file);
        assertThat(config.addr()).isEqualTo("127.0.0.1:5443");
        assertThat(config.data()).isEqualTo(dir.resolve("etc/store").toAbsolutePath());
        assertThat(config.htpasswd()).isEqualTo(Path.of("/srv/htpasswd"));
        assertThat(config.readOnly()).isTrue();
        assertThat(config.tlsCert()).isEqualTo(dir.resolve("etc/tls/cert.pem").toAbsolutePath());
        assertThat(config.tlsKey()).isEqualTo(dir.resolve("etc/tls/key.pem").toAbsolutePath());
        assertThat(config.maxUploadSize()).isEqualTo(1L << 30);
        assertThat(config.maxConcurrentUploads()).isEqualTo(8);
        assertThat(config.accessLog()).isFalse();
    }

    @Test
    void readsTheStorageDriverAndItsOptionsWithPathsFromTheFilesDirectory() throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("gantry.json"), """
                {"storage": {"driver": "filesystem", "path": "store"}}
                """);
        RegistryConfigFile config = RegistryConfigFile.read(file);
        assertThat(config.data()).isNull();
        assertThat(config.storage().driver()).isEqualTo("filesystem");
        assertThat(config.storage().path("path")).isEqualTo(dir.resolve("etc/store").toAbsolutePath());

        Path other = Files.writeString(dir.resolve("s3.json"), """
                {"storage": {"driver": "s3", "bucket": "images", "pathStyle": true, "partSize": 5242880}}
                """);
        assertThat(RegistryConfigFile.read(other).storage().options())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("bucket", "images", "pathStyle", "true", "partSize", "5242880"));
    }

    @Test
    void storageMustNameADriverAndComeWithoutData() throws Exception {
        for (String bad : new String[] {"{\"storage\": \"filesystem\"}", "{\"storage\": {\"path\": \"x\"}}",
                "{\"storage\": {\"driver\": \"filesystem\", \"path\": {\"nested\": 1}}}"}) {
            Path file = Files.writeString(dir.resolve("bad.json"), bad);
            assertThatThrownBy(() -> RegistryConfigFile.read(file)).as(bad)
                    .isInstanceOf(RegistryConfigFile.ConfigFileException.class).hasMessageContaining("storage");
        }
        Path both = Files.writeString(dir.resolve("both.json"), "{\"data\": \"d\", \"storage\": {\"driver\": \"filesystem\", \"path\": \"d\"}}");
        assertThatThrownBy(() -> RegistryConfigFile.read(both)).hasMessageContaining("both 'data' and 'storage'");
    }

    @Test
    void anUnknownDriverOrOptionIsRefusedWhenTheServerIsMade() {
        RegistryConfig unknown = RegistryConfig.defaults().withAddress("127.0.0.1", 0)
                .withStorage(new dev.gantry.registry.storage.StorageConfig("nosuch", java.util.Map.of(), dir));
        assertThatThrownBy(() -> new RegistryServer(unknown, null)).isInstanceOf(dev.gantry.error.InvalidInputException.class)
                .hasMessage("unknown storage driver 'nosuch'; known drivers: filesystem, test-redirecting, test-streaming");
        RegistryConfig typo = RegistryConfig.defaults().withAddress("127.0.0.1", 0)
                .withStorage(new dev.gantry.registry.storage.StorageConfig("filesystem", java.util.Map.of("path", "x", "pth", "y"), dir));
        assertThatThrownBy(() -> new RegistryServer(typo, null)).hasMessageContaining("unknown option 'pth' of storage driver filesystem");
    }

    @Test
    void readsTheTokenAuthKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("token.json"), """
                {"authTokenRealm": "https://auth.example/token", "authTokenService": "registry.example",
                 "authTokenIssuer": "auth.example", "authTokenCerts": "issuer.pem"}
                """);
        RegistryConfigFile config = RegistryConfigFile.read(file);
        assertThat(config.authTokenRealm()).isEqualTo("https://auth.example/token");
        assertThat(config.authTokenService()).isEqualTo("registry.example");
        assertThat(config.authTokenIssuer()).isEqualTo("auth.example");
        assertThat(config.authTokenCerts()).isEqualTo(dir.resolve("issuer.pem").toAbsolutePath());
    }

    @Test
    void readsTheDatabaseAndRefusesItsWrongShapes() throws Exception {
        Path file = Files.writeString(dir.resolve("db.json"), """
                {"database": {"url": "jdbc:postgresql://127.0.0.1:5432/gantry", "user": "gantry", "password": "s3cret"}}
                """);
        var database = RegistryConfigFile.read(file).database();
        assertThat(database.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/gantry");
        assertThat(database.user()).isEqualTo("gantry");
        assertThat(database.password()).isEqualTo("s3cret");
        assertThat(database.toString()).doesNotContain("s3cret");
        assertThat(RegistryConfigFile.read(Files.writeString(dir.resolve("none.json"), "{}")).database()).isNull();
        for (String bad : new String[] {"{\"database\": \"jdbc:postgresql://h/db\"}", "{\"database\": {\"user\": \"u\"}}",
                "{\"database\": {\"url\": \"jdbc:postgresql://h/db\", \"port\": 5432}}", "{\"database\": {\"url\": \"jdbc:postgresql://h/db\", \"user\": 1}}"}) {
            Path badFile = Files.writeString(dir.resolve("bad.json"), bad);
            assertThatThrownBy(() -> RegistryConfigFile.read(badFile)).as(bad)
                    .isInstanceOf(RegistryConfigFile.ConfigFileException.class).hasMessageContaining("database");
        }
    }

    @Test
    void readsTheOnlineGcSettingsOfTheDatabaseAndRefusesWrongOnes() throws Exception {
        Path file = Files.writeString(dir.resolve("gc.json"), """
                {"database": {"url": "jdbc:postgresql://127.0.0.1:5432/gantry", "gc": {"interval": "PT5S", "reviewDelay": "PT2H"}}}
                """);
        var gc = RegistryConfigFile.read(file).database().gc();
        assertThat(gc.enabled()).isTrue();
        assertThat(gc.interval()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(gc.reviewDelay()).isEqualTo(java.time.Duration.ofHours(2));
        Path off = Files.writeString(dir.resolve("off.json"), "{\"database\": {\"url\": \"jdbc:postgresql://h/db\", \"gc\": {\"enabled\": false}}}");
        assertThat(RegistryConfigFile.read(off).database().gc().enabled()).isFalse();
        assertThat(RegistryConfigFile.read(off).database().gc().reviewDelay()).isEqualTo(java.time.Duration.ofHours(24));
        for (String bad : new String[] {"{\"gc\": \"PT1M\"}", "{\"gc\": {\"every\": \"PT1M\"}}", "{\"gc\": {\"interval\": \"1m\"}}",
                "{\"gc\": {\"interval\": \"PT0S\"}}", "{\"gc\": {\"enabled\": \"yes\"}}"}) {
            Path badFile = Files.writeString(dir.resolve("bad.json"), "{\"database\": {\"url\": \"jdbc:postgresql://h/db\", " + bad.substring(1) + "}");
            assertThatThrownBy(() -> RegistryConfigFile.read(badFile)).as(bad)
                    .isInstanceOf(RegistryConfigFile.ConfigFileException.class).hasMessageContaining("database.gc");
        }
    }

    @Test
    void missingKeysStayUnset() throws Exception {
        RegistryConfigFile config = RegistryConfigFile.read(Files.writeString(dir.resolve("c.json"), "{\"readOnly\": false}"));
        assertThat(config.readOnly()).isFalse();
        assertThat(config.addr()).isNull();
        assertThat(config.maxUploadSize()).isNull();
        assertThat(config.accessLog()).isNull();
    }

    @Test
    void anUnknownKeyIsAnErrorNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"addr\": \"127.0.0.1:5000\", \"htpaswd\": \"users\"}");
        assertThatThrownBy(() -> RegistryConfigFile.read(file)).isInstanceOf(RegistryConfigFile.ConfigFileException.class)
                .hasMessageContaining("unknown key 'htpaswd'").hasMessageContaining(file.toString()).hasMessageContaining("htpasswd");
    }

    @Test
    void aValueOfTheWrongTypeIsAnErrorNamingTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"maxUploadSize\": \"1G\"}");
        assertThatThrownBy(() -> RegistryConfigFile.read(file)).hasMessageContaining("'maxUploadSize'").hasMessageContaining("whole number");
        Path negative = Files.writeString(dir.resolve("n.json"), "{\"maxConcurrentUploads\": -1}");
        assertThatThrownBy(() -> RegistryConfigFile.read(negative)).hasMessageContaining("'maxConcurrentUploads'");
        Path bool = Files.writeString(dir.resolve("b.json"), "{\"readOnly\": \"yes\"}");
        assertThatThrownBy(() -> RegistryConfigFile.read(bool)).hasMessageContaining("'readOnly'").hasMessageContaining("true or false");
    }

    @Test
    void aMissingFileOrNonObjectIsAnError() throws Exception {
        assertThatThrownBy(() -> RegistryConfigFile.read(dir.resolve("absent.json"))).hasMessageContaining("does not exist");
        Path array = Files.writeString(dir.resolve("a.json"), "[]");
        assertThatThrownBy(() -> RegistryConfigFile.read(array)).hasMessageContaining("not a JSON object");
    }
}
