package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The watchdog sees work and waiting on the FX thread, and nothing when the thread is free. */
class FxWatchdogTest {

    @Test
    void measuresWorkAndWaitingOnTheFxThread() throws Exception {
        FxToolkit.registerPrimaryStage();
        try (FxWatchdog quiet = FxWatchdog.start(5, ms -> { })) {
            Thread.sleep(400);
            assertTrue(quiet.probes() > 20, "probes " + quiet.probes());
            assertTrue(quiet.maxBusyMillis() < 50, "busy " + quiet.maxBusyMillis());
            assertTrue(quiet.maxWaitingMillis() < 50, "waiting " + quiet.maxWaitingMillis());
            assertTrue(quiet.maxTenorBusyMillis() < 50, "Tenor busy " + quiet.maxTenorBusyMillis());
        }
        try (FxWatchdog w = FxWatchdog.start(5, ms -> { })) {
            Thread.sleep(100);
            WaitForAsyncUtils.asyncFx(() -> {
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long end = threads.getCurrentThreadCpuTime() + 250_000_000L;
                double x = 0;
                while (threads.getCurrentThreadCpuTime() < end) {
                    x += Math.sqrt(x + 1); // 250 ms of CPU work, however busy the machine is
                }
                return x;
            }).get();
            Thread.sleep(100);
            assertTrue(w.maxBusyMillis() >= 200, "busy " + w.maxBusyMillis());
            assertTrue(w.stalls().size() >= 1, "stalls " + w.stalls());
            assertTrue(w.maxTenorBusyMillis() >= 150, "the loop runs in Tenor's code: " + w.maxTenorBusyMillis());
            Platform.runLater(FxWatchdogTest::sleepOnFxThread);
            Thread.sleep(500);
            assertTrue(w.maxWaitingMillis() >= 150, "waiting " + w.maxWaitingMillis());
        }
    }

    private static void sleepOnFxThread() {
        try {
            Thread.sleep(250); // a blocking call on the FX thread: no CPU, but a frozen window
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
