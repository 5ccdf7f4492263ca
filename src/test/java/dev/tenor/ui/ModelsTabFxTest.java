package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.model.hub.FakeHubServer;
import dev.tenor.model.hub.HubClient;
import dev.tenor.ui.models.ModelRow;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Models tab: architecture of each model, a download from a (local, fake) Hub, offline and broken folders. */
class ModelsTabFxTest extends WorkbenchFxTestBase {

    @AfterEach
    void clearEndpoint() {
        System.clearProperty(HubClient.ENDPOINT_PROPERTY);
    }

    @Test
    void listsModelsDownloadsFromTheHubAndExplainsFailures() throws Exception {
        Path broken = paths.models().resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"bert\"}");
        Files.writeString(broken.resolve("model.safetensors"), "x");
        push(KeyCode.CONTROL, KeyCode.DIGIT5);
        TableView<ModelRow> table = lookup("#models-table").queryTableView();
        UiTestSupport.waitFor(30, () -> table.getItems().stream().anyMatch(r -> r.name().equals("broken")));
        ModelRow mini = row(table, "all-MiniLM-L6-v2");
        assertEquals(new ModelRow.Info(6, 12, 384, 22_565_376, "mean", 256, true), mini.info());
        assertEquals("built in", mini.status());
        ModelRow bge = row(table, "bge-small-en-v1.5");
        assertEquals("built in, imported on first use", bge.status());
        ModelRow bad = row(table, "broken");
        assertEquals("cannot be read", bad.status());
        assertEquals(broken.resolve("config.json") + ": missing or invalid 'vocab_size'", bad.problem());
        assertTrue(!window.workbench().models().names().contains("broken"), "not offered to the other tabs");

        // Offline: a clear message.
        try (ServerSocket closed = new ServerSocket(0)) {
            System.setProperty(HubClient.ENDPOINT_PROPERTY, "http://127.0.0.1:" + closed.getLocalPort());
        }
        fx(() -> window.models().pull("acme/tiny", "main"));
        UiTestSupport.waitFor(60, () -> !window.models().errorText().isEmpty());
        String message = window.models().errorText();
        assertTrue(message.startsWith("Downloading acme/tiny failed: "), message);
        assertTrue(message.contains("127.0.0.1"), message);

        // A real download from a local Hub, through the dialog as a user would.
        try (FakeHubServer hub = FakeHubServer.start()) {
            hub.addModel("acme/mini", UiTestSupport.defaultModel());
            System.setProperty(HubClient.ENDPOINT_PROPERTY, hub.endpoint().toString());
            clickOn("#models-pull");
            clickOn("#pull-repo").write("acme/mini");
            clickOn("OK");
            UiTestSupport.waitFor(60, () -> table.getItems().stream().anyMatch(r -> r.name().equals("acme/mini")));
        }
        ModelRow pulled = row(table, "acme/mini");
        assertEquals("from the Hub", pulled.status());
        assertEquals(mini.info(), pulled.info());
        assertNull(pulled.problem());
        assertEquals(paths.models().resolve("hub/acme--mini"), pulled.dir());
        assertEquals("", window.models().errorText());
        assertTrue(window.workbench().models().names().contains("acme/mini"));
    }

    private static ModelRow row(TableView<ModelRow> table, String name) {
        return table.getItems().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
