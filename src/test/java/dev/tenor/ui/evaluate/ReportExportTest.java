package dev.tenor.ui.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenor.eval.LabelAccuracy;
import dev.tenor.eval.TopKAccuracy;
import dev.tenor.data.IntentExample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportExportTest {

    private static EvaluationReport report() {
        var a = new EvaluationReport.ModelScores("base", new TopKAccuracy(200, new int[] {160, 180, 190}),
                List.of(new LabelAccuracy("PLAY_MUSIC", 10, 4, true), new LabelAccuracy("GET_WEATHER", 20, 19, true)),
                List.of(), Duration.ofMillis(2500));
        var b = new EvaluationReport.ModelScores("runs/x,1", new TopKAccuracy(200, new int[] {170, 180, 185}),
                List.of(), List.of(), Duration.ofMillis(3000));
        return new EvaluationReport("mtop_intent/en", Path.of("/d"), 1000, 200, EvaluationRequest.IndexSettings.EXACT,
                List.of(a, b));
    }

    @Test
    void csvHasOneRowPerModel() {
        assertEquals("model,top1,top2,top3,queries,index,seconds\n"
                + "base,0.8000,0.9000,0.9500,200,1000,2.5\n"
                + "\"runs/x,1\",0.8500,0.9000,0.9250,200,1000,3.0\n", ReportExport.csv(report()));
    }

    @Test
    void markdownBoldsTheBestOfEachColumn() {
        String md = ReportExport.markdown(report());
        assertEquals("# Intent retrieval: mtop_intent/en\n\n1,000 index sentences, 200 queries, exact search.\n\n"
                + "| model | top-1 | top-2 | top-3 |\n|---|---:|---:|---:|\n"
                + "| base | 0.800 | **0.900** | **0.950** |\n"
                + "| runs/x,1 | **0.850** | **0.900** | 0.925 |\n", md.substring(0, md.indexOf("\n## ")));
        assertEquals("\n## base: weakest labels (top-1)\n\n| label | queries | correct | accuracy |\n|---|---:|---:|---:|\n"
                + "| PLAY_MUSIC | 10 | 4 | 0.400 |\n| GET_WEATHER | 20 | 19 | 0.950 |\n",
                md.substring(md.indexOf("\n## base"), md.indexOf("\n## runs")));
    }

    @Test
    void samplesAreSeededAndKeepTheOriginalOrder() {
        List<IntentExample> all = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(new IntentExample("s" + i, "L" + (i % 3)));
        }
        List<IntentExample> a = DirectEvaluationService.sample(all, 10, 7);
        assertEquals(10, a.size());
        assertEquals(a, DirectEvaluationService.sample(all, 10, 7));
        for (int i = 1; i < a.size(); i++) {
            assertEquals(true, all.indexOf(a.get(i)) > all.indexOf(a.get(i - 1)));
        }
        assertEquals(all, DirectEvaluationService.sample(all, 0, 7));
        assertEquals(all, DirectEvaluationService.sample(all, 99, 7));
    }
}
