/**
 * Remote runs: training on another machine (a GPU server) reached by SSH, with Apache MINA SSHD's client and
 * SFTP. Hosts are kept in the data folder ({@link dev.tenor.remote.RemoteHosts}); host keys are checked against
 * {@code known_hosts} ({@link dev.tenor.remote.HostKeys}); inputs are uploaded once by content
 * ({@link dev.tenor.remote.Uploads}); the remote {@code tenor train} runs detached from the connection and its
 * {@code metrics.jsonl} is followed across lost connections ({@link dev.tenor.remote.MetricsFollower}); models
 * come back verified by sha256 ({@link dev.tenor.remote.ModelFetch}). A core package: no JavaFX, no picocli.
 */
package dev.tenor.remote;
