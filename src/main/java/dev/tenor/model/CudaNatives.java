package dev.tenor.model;

import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.TenorPaths;
import dev.tenor.net.DownloadHints;
import dev.tenor.net.HttpDownloader;
import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * PyTorch's CUDA build for the engine Tenor bundles (PyTorch 2.7.1, CUDA 12.8, the flavour DJL 0.36's JNI
 * library is built for), installed once per user into {@code <data>/natives/}. The default build carries only
 * the CPU natives (they run offline everywhere); on a machine with an NVIDIA GPU, {@code tenor devices
 * --install-cuda} downloads the CUDA natives from DJL's public mirror through Tenor's own downloader (DJL
 * itself stays offline, so it never sends telemetry), and from then on {@link DjlSetup} points DJL at them
 * whenever a CUDA GPU is visible.
 */
public final class CudaNatives {

    public static final String PYTORCH_VERSION = "2.7.1";
    public static final String FLAVOR = "cu128";
    public static final String CLASSIFIER = "linux-x86_64";
    /** Where DJL publishes PyTorch's natives; {@value #URL_PROPERTY} replaces it (a mirror, or a test server). */
    public static final String DEFAULT_URL = "https://publish.djl.ai/pytorch";
    public static final String URL_PROPERTY = "tenor.natives.url";
    /** Written last: a folder without it is an interrupted install. */
    static final String COMPLETE = "INSTALLED";

    private static final DownloadHints HINTS = new DownloadHints("The CUDA natives are about 2.5 GB; run "
            + "`tenor devices --install-cuda` again on a connected machine (it resumes).", "", "", "");

    private final Path folder;

    public CudaNatives(TenorPaths paths) {
        this.folder = paths.data().resolve("natives").resolve("pytorch-" + PYTORCH_VERSION + "-" + FLAVOR + "-"
                + CLASSIFIER);
    }

    public static CudaNatives current() {
        return new CudaNatives(TenorPaths.current());
    }

    public Path folder() {
        return folder;
    }

    public boolean installed() {
        return Files.isRegularFile(folder.resolve(COMPLETE)) && Files.isRegularFile(folder.resolve("libtorch.so"));
    }

    /** CUDA GPUs the NVIDIA driver shows (0 without a driver), as DJL detects them. */
    public static int visibleGpus() {
        try {
            return ai.djl.util.cuda.CudaUtils.getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /**
     * The system properties that make DJL load these natives instead of the bundled CPU ones: only when they
     * are installed, a GPU is visible and the user has not chosen a libtorch of their own.
     */
    public Map<String, String> engineProperties(int gpus, String userLibraryPath, String javaLibraryPath) {
        Map<String, String> props = new LinkedHashMap<>();
        if (!installed() || gpus <= 0 || userLibraryPath != null && !userLibraryPath.isBlank()) {
            return props;
        }
        String lib = folder.toString();
        props.put("java.library.path", javaLibraryPath == null || javaLibraryPath.isBlank() ? lib
                : lib + File.pathSeparator + javaLibraryPath);
        props.put("PYTORCH_FLAVOR", FLAVOR);
        props.put("PYTORCH_VERSION", PYTORCH_VERSION);
        return props;
    }

    /** The native files of this flavour, from the mirror's {@code files.txt}. */
    static List<String> files(String listing) {
        String prefix = FLAVOR + "/" + CLASSIFIER + "/native/lib/";
        List<String> out = new ArrayList<>();
        for (String line : listing.split("\\R")) {
            String l = line.strip();
            if (l.startsWith(prefix) && l.endsWith(".gz")) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * Downloads and unpacks the natives (resumable: each file's download continues where it stopped), then
     * moves the complete folder into place at once. Refused where no GPU is visible unless {@code force}.
     *
     * @return the folder, or it as it was when already installed
     */
    public Path install(boolean force, ProgressListener progress, CancellationToken cancel) throws IOException {
        if (installed()) {
            return folder;
        }
        if (!force && visibleGpus() == 0) {
            throw new BadInputException("no CUDA GPU is visible here (no NVIDIA driver, or no GPU): Tenor runs on the "
                    + "CPU with its bundled natives. Install the NVIDIA driver and run this again (--force downloads "
                    + "anyway, to prepare a machine image).");
        }
        String base = System.getProperty(URL_PROPERTY, DEFAULT_URL);
        URI root = URI.create((base.endsWith("/") ? base : base + "/") + PYTORCH_VERSION + "/");
        HttpDownloader http = HttpDownloader.builder().optHints(HINTS).build();
        String listing = new String(http.fetch(root.resolve("files.txt"), 1 << 20, cancel), StandardCharsets.UTF_8);
        List<String> files = files(listing);
        if (files.isEmpty() || files.stream().noneMatch(f -> f.endsWith("/libtorch.so.gz"))) {
            throw new BadInputException(root.resolve("files.txt") + ": lists no " + FLAVOR + " natives for "
                    + CLASSIFIER + " (is the mirror complete?)");
        }
        Path downloads = folder.resolveSibling("." + folder.getFileName() + ".downloads");
        for (int i = 0; i < files.size(); i++) {
            cancel.throwIfCancelled();
            String f = files.get(i);
            String name = f.substring(f.lastIndexOf('/') + 1);
            String message = "downloading " + name + " (" + (i + 1) + "/" + files.size() + ")";
            Path gz = downloads.resolve(name);
            if (!Files.isRegularFile(gz)) {
                http.download(root.resolve(f), gz, (done, total, m) -> progress.progress(done, total, message), cancel);
            }
        }
        AtomicFiles.writeFolder(folder, tmp -> {
            for (String f : files) {
                String name = f.substring(f.lastIndexOf('/') + 1);
                Path out = tmp.resolve(name.substring(0, name.length() - 3));
                cancel.throwIfCancelled();
                progress.progress(0, -1, "unpacking " + out.getFileName());
                try (InputStream in = new GZIPInputStream(Files.newInputStream(downloads.resolve(name)))) {
                    Files.copy(in, out);
                } catch (java.util.zip.ZipException e) {
                    Files.deleteIfExists(downloads.resolve(name)); // a damaged download is fetched again next time
                    throw new BadInputException(root.resolve(f) + ": not a valid gzip file (" + e.getMessage()
                            + "); run again to download it anew", e);
                }
            }
            Files.writeString(tmp.resolve(COMPLETE), "pytorch " + PYTORCH_VERSION + " " + FLAVOR + " " + CLASSIFIER
                    + " from " + root + "\n");
        });
        AtomicFiles.deleteTree(downloads);
        return folder;
    }
}
