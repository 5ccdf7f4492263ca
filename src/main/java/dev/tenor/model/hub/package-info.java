/**
 * Downloads from the Hugging Face Hub for online users: model folders and intent datasets, with resume,
 * progress, cancellation and clear errors. Core code: no JavaFX, no printing.
 */
package dev.tenor.model.hub;
