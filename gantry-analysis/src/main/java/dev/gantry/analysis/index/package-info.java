/**
 * The layer index: {@link dev.gantry.analysis.index.FileIndex} records, in compact columns, what
 * every layer did to every path (added, modified, deleted, hidden by an opaque directory), from
 * which the merged tree at any layer, a path's blame and a layer's changes are read;
 * {@link dev.gantry.analysis.index.Efficiency} computes dive's waste figures from it and
 * {@link dev.gantry.analysis.index.EfficiencyRules} its CI rules.
 */
package dev.gantry.analysis.index;
