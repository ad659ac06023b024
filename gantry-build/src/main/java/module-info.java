/**
 * Image assembly: images from directories and config edits ({@code ImageAssembler}), indexes
 * ({@code IndexAssembler}), and Containerfile builds ({@code ContainerfileBuilder}).
 */
module dev.gantry.build {
    requires transitive dev.gantry.core;
    requires transitive dev.gantry.runtime;

    exports dev.gantry.build;
    exports dev.gantry.build.containerfile;
}
