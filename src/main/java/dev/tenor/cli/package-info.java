/**
 * The {@code tenor} command line (picocli): one subcommand per job, each calling the core packages, with clear
 * messages instead of stack traces, exit codes 0 (done), 1 (failure), 2 (bad usage), 130/143 (stopped by
 * SIGINT/SIGTERM, {@link dev.tenor.cli.Interrupts}). The only package that prints. Nothing imports it; the
 * launcher names its entry point by one string constant.
 */
package dev.tenor.cli;
