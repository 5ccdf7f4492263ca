/**
 * Tenor's one HTTP stack: {@link dev.tenor.net.HttpDownloader} downloads with retries, {@code Range} resume,
 * hand-followed redirects and clear failure messages ({@link dev.tenor.net.DownloadHints} per service). The
 * Hub client, FewRel's upstream files and the CUDA natives all download through it. Core code: no JavaFX, no
 * printing, no command line.
 */
package dev.tenor.net;
