/**
 * The one streaming pass over layers every analysis builds on: {@link dev.gantry.analysis.walk.LayerWalker}
 * turns a layer's tar into {@link dev.gantry.analysis.walk.LayerEntry} records (whiteouts as the paths
 * they delete, hostile names reported, inflation bounded) and hands regular files' content to a visitor;
 * {@link dev.gantry.analysis.walk.ImageLayer} pairs each layer of an image with its history entry.
 */
package dev.gantry.analysis.walk;
