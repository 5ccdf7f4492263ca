package dev.tenor.model.hub;

/**
 * One file Tenor fetched from the Hub, as recorded in {@code tenor_source.json}.
 *
 * @param path its path in the repository (and in the local folder)
 * @param size its size in bytes
 * @param sha256 the SHA-256 of its content, hex
 */
public record DownloadedFile(String path, long size, String sha256) {
}
