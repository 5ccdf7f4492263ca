package dev.tenor.remote;

import static dev.tenor.remote.SshConnection.quote;

import dev.tenor.train.RunFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A run folder on a host. The trainer's own files are inside ({@code metrics.jsonl}, {@code train.log},
 * {@code STOP}, {@code model/}); what the launcher adds lies beside it, hidden, because the trainer wants the
 * folder empty when it starts: {@code .NAME.pid} (the detached process) and {@code .NAME.exit} (its exit status,
 * written when it ends).
 */
public record RemoteRun(String dir) {

    public String name() {
        return dir.substring(dir.lastIndexOf('/') + 1);
    }

    private String parent() {
        return dir.substring(0, dir.lastIndexOf('/'));
    }

    public String metrics() {
        return dir + "/" + RunFiles.METRICS;
    }

    public String log() {
        return dir + "/" + RunFiles.LOG;
    }

    public String pidFile() {
        return parent() + "/." + name() + ".pid";
    }

    public String exitFile() {
        return parent() + "/." + name() + ".exit";
    }

    /**
     * Starts {@code tenor train <args>} on the host, detached from the connection (its own session, no terminal,
     * output to {@code train.log}), so that it survives the connection and this machine going away.
     */
    public void start(RemoteWorkspace ws, List<String> trainArgs) throws IOException {
        String inner = ws.tenor() + " train " + RemoteWorkspace.words(trainArgs) + " >> " + quote(log())
                + " 2>&1 < /dev/null; echo $? > " + quote(exitFile() + ".tmp") + " && mv -f "
                + quote(exitFile() + ".tmp") + " " + quote(exitFile());
        String cmd = "mkdir -p " + quote(dir) + " && rm -f " + quote(exitFile()) + " && cd " + quote(dir)
                + " && (DJL_OFFLINE=true setsid nohup sh -c " + quote(inner)
                + " > /dev/null 2>&1 < /dev/null & echo $! > " + quote(pidFile()) + ")";
        ws.ssh().check(cmd, "starting tenor train");
    }

    /** Asks the trainer to checkpoint and exit, by writing its STOP file. */
    public void requestStop(SshConnection ssh) throws IOException {
        ssh.check("test -d " + quote(dir) + " && printf 'stop requested from '\"$SSH_CLIENT\"'\\n' > "
                + quote(dir + "/" + RunFiles.STOP), "writing " + dir + "/STOP (is the run there?)");
    }

    /** The exit status once the run has ended; null while it runs (or before it started). */
    public Integer exitCode(SshConnection ssh) throws IOException {
        if (ssh.size(exitFile()) < 0) {
            return null;
        }
        String text = new String(ssh.read(exitFile(), 0, 64), StandardCharsets.UTF_8).strip();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the detached process still runs. */
    public boolean alive(SshConnection ssh) throws IOException {
        return ssh.exec("kill -0 \"$(cat " + quote(pidFile()) + " 2>/dev/null)\" 2>/dev/null").ok();
    }

    /** Whether the run folder exists on the host. */
    public boolean exists(SshConnection ssh) throws IOException {
        return ssh.exec("test -d " + quote(dir)).ok();
    }

    /** The last lines of the run's log. */
    public String logTail(SshConnection ssh, int lines) throws IOException {
        return ssh.exec("tail -n " + lines + " " + quote(log()) + " 2>/dev/null").out();
    }
}
