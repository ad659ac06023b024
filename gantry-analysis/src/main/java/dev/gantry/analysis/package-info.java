/**
 * Image analysis: what each layer adds, changes and deletes, where every file came from, wasted bytes and leaked secrets.
 * Layers are streamed once each from any transport; nothing is stored.
 */
package dev.gantry.analysis;
