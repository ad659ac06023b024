/**
 * Daemonless image building: layers from directories, config edits, multi-platform indexes and Containerfile builds,
 * reproducible by default.
 */
package dev.gantry.build;
