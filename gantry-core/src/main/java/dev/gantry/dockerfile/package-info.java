/**
 * Dockerfile/Containerfile syntax: {@link dev.gantry.dockerfile.DockerfileParser} reads text into
 * immutable records ({@link dev.gantry.dockerfile.Dockerfile}, {@link dev.gantry.dockerfile.Stage},
 * {@link dev.gantry.dockerfile.Instruction} variants, each with its {@link dev.gantry.dockerfile.Source}
 * lines); {@link dev.gantry.dockerfile.Variables} and {@link dev.gantry.dockerfile.Expander} give
 * ARG/ENV scoping and {@code $VAR} expansion. Shared by the linter and the builder.
 */
package dev.gantry.dockerfile;
