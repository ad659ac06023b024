/**
 * {@code gantry lint}: Dockerfile rules GL001-GL027 ({@link dev.gantry.analysis.lint.Rules}) over
 * {@code dev.gantry.dockerfile}'s parse, grouped in checks by theme; {@link dev.gantry.analysis.lint.Linter}
 * applies ignores, {@link dev.gantry.analysis.lint.Sarif} renders SARIF 2.1.0.
 */
package dev.gantry.analysis.lint;
