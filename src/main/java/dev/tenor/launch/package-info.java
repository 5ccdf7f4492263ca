/**
 * Application-level launching: starts Tenor commands (such as {@code tenor train}) in child JVMs of this
 * installation and follows their run folders. Used by the workbench (and by remote runs); uses the core
 * packages, never {@code ui} or {@code cli}, and names the command line's entry point only through
 * {@link dev.tenor.launch.EntryPoint#TENOR_MAIN}.
 */
package dev.tenor.launch;
