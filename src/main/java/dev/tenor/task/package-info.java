/** Progress reporting and cancellation shared by all long-running core work. No JavaFX here. */
package dev.tenor.task;
