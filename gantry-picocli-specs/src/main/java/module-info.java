/**
 * Compile-time picocli specs: {@code dev.gantry.picocli.specs} is what generated code calls at run
 * time; {@code dev.gantry.picocli.specs.processor} is the annotation processor (found through
 * META-INF/services on javac's processor path), the only part that needs java.compiler.
 */
module dev.gantry.picocli.specs {
    requires info.picocli;
    requires static java.compiler;

    exports dev.gantry.picocli.specs;
}
