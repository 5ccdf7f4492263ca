package dev.tenor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.task.CancellationToken;
import dev.tenor.task.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time of a whole build (read, pair, write) of val_wiki.json. The first run is the one a user sees after
 * the JVM starts; run alone: {@code mvn -q -B -Pbenchmark test -Dtest=TripletBuildBenchmarkTest}.
 */
@Tag("benchmark")
class TripletBuildBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void buildsTheValidationFileInUnderTwoSeconds() throws IOException {
        Path val = FewRelFiles.val();
        Path names = FewRelFiles.pid2name();
        List<Double> seconds = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            BuildResult result = new TripletBuilder(TripletOptions.defaults()).buildFolder(val, names,
                    dir.resolve("run" + run), ProgressListener.NONE, CancellationToken.NONE);
            assertEquals(11_200, result.summary().triplets() + result.summary().devTriplets());
            seconds.add(result.elapsed().toNanos() / 1e9);
        }
        List<Double> warm = seconds.subList(1, seconds.size()).stream().sorted().toList();
        System.out.printf("val_wiki build: first %.3f s, warm median %.3f s (runs %s)%n", seconds.get(0),
                warm.get(warm.size() / 2), seconds);
        assertTrue(seconds.get(0) < 2.0, "first build took " + seconds.get(0) + " s");
    }
}
