package dev.tenor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenor.model.ModelFolder;
import dev.tenor.model.SafeTensors;
import dev.tenor.model.TinyModels;
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

    @Test
    void mergesASelectedModelWithItsBaseIntoTheStore() throws Exception {
        var settings = new dev.tenor.model.SentenceSettings(64, dev.tenor.model.Pooling.MEAN, true, "");
        ModelFolder a = TinyModels.write(paths.models().resolve("tiny-a"), settings, 1);
        ModelFolder b = TinyModels.write(paths.models().resolve("tiny-b"), settings, 2);
        push(KeyCode.CONTROL, KeyCode.DIGIT5);
        TableView<ModelRow> table = lookup("#models-table").queryTableView();
        UiTestSupport.waitFor(30, () -> table.getItems().stream().anyMatch(r -> r.name().equals("tiny-b")));

        fx(() -> window.models().merge("tiny-a", b.dir().toString(), "1.5", "m"));
        assertEquals("Merging failed: alpha must be a number between 0 and 1, got '1.5'", window.models().errorText());
        fx(() -> window.models().merge("tiny-a", b.dir().toString(), "0.5", "tiny-a"));
        assertEquals("Merging failed: " + a.dir() + " exists already; choose another name",
                window.models().errorText());
        fx(() -> window.models().merge("all-MiniLM-L6-v2", b.dir().toString(), "0.5", "wrong"));
        UiTestSupport.waitFor(60, () -> window.models().errorText().contains("same architecture"));
        assertTrue(!Files.exists(paths.models().resolve("wrong")), "nothing written for models that differ");

        // Through the dialog, as a user would: select the tuned model, choose the base and alpha.
        fx(() -> table.getSelectionModel().select(row(table, "tiny-b")));
        clickOn("#models-merge");
        fx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ChoiceBox<String> base = lookup("#merge-base").queryAs(javafx.scene.control.ChoiceBox.class);
            base.setValue("tiny-a");
        });
        fx(() -> lookup("#merge-alpha").queryTextInputControl().setText("0.25"));
        assertEquals("tiny-b-merged-0.25", lookup("#merge-name").queryTextInputControl().getText());
        clickOn("OK");
        UiTestSupport.waitFor(60, () -> table.getItems().stream().anyMatch(r -> r.name().equals("tiny-b-merged-0.25")));
        Path merged = paths.models().resolve("tiny-b-merged-0.25");
        String name = "encoder.layer.0.attention.self.query.weight";
        float x = SafeTensors.read(a.weightsFile()).tensors().get(name).data()[5];
        float y = SafeTensors.read(b.weightsFile()).tensors().get(name).data()[5];
        float z = SafeTensors.read(merged.resolve("model.safetensors")).tensors().get(name).data()[5];
        assertEquals(0.75 * x + 0.25 * y, z, 1e-6);
        var provenance = dev.tenor.io.Json.read(merged.resolve(ModelFolder.PROVENANCE));
        assertEquals(0.25, provenance.get("merge_alpha").asDouble(), 0);
        assertEquals(a.dir().toString(), provenance.get("merge_base").asText());
        assertEquals(b.dir().toString(), provenance.get("merge_tuned").asText());
    }

    private static ModelRow row(TableView<ModelRow> table, String name) {
        return table.getItems().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
