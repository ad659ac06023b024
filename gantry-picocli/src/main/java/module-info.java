/** picocli, compiled for Java 21: the same module name and exports as the published jar's descriptor. */
module info.picocli {
    // Optional: converters for java.sql time types, registered only when the module is present.
    requires static java.sql;

    exports picocli;
}
