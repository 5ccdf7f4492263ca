package dev.tenor.ui.models;

import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelStore;
import dev.tenor.model.hub.HubClient;
import dev.tenor.ui.Background;
import dev.tenor.ui.ErrorBox;
import dev.tenor.ui.Errors;
import dev.tenor.ui.Forms;
import dev.tenor.ui.ProgressDialog;
import dev.tenor.ui.ProgressTask;
import dev.tenor.ui.StatusLine;
import dev.tenor.ui.WorkbenchLog;
import dev.tenor.ui.WorkbenchTab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Models tab: built-in, downloaded and trained models with their architecture; import of a built-in
 * model, download from the Hugging Face Hub with progress, and a clear message for a folder that cannot be
 * read or a download without a connection.
 */
public final class ModelsTab implements WorkbenchTab {

    private final ModelCatalog catalog;
    private final StatusLine status;
    private final Background background;
    private final WorkbenchLog log;
    private final BorderPane root = new BorderPane();
    private final TableView<ModelRow> table = new TableView<>();
    private final TextArea details = new TextArea();
    private final ErrorBox error = new ErrorBox("models-error");
    private ProgressTask<?> running;

    public ModelsTab(ModelCatalog catalog, StatusLine status, Background background, WorkbenchLog log) {
        this.catalog = catalog;
        this.status = status;
        this.background = background;
        this.log = log;
        root.setId("models-tab");
        root.setCenter(content());
    }

    @Override
    public String title() {
        return "Models";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void run() {
        catalog.refresh();
    }

    @Override
    public void cancel() {
        if (running != null && running.isRunning()) {
            running.cancel();
        }
    }

    @Override
    public void shown() {
        catalog.refresh();
    }

    private Node content() {
        Label title = new Label("Models in " + catalog.store().root());
        title.getStyleClass().add("title");
        table.setId("models-table");
        table.setItems(catalog.rows());
        table.setPlaceholder(new Label("Reading the model store..."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(col("Model", ModelRow::name, 230));
        table.getColumns().add(col("Status", ModelRow::status, 190));
        table.getColumns().add(col("Layers", r -> info(r, i -> Integer.toString(i.layers())), 60));
        table.getColumns().add(col("Heads", r -> info(r, i -> Integer.toString(i.heads())), 60));
        table.getColumns().add(col("Hidden", r -> info(r, i -> Integer.toString(i.hidden())), 60));
        table.getColumns().add(col("Parameters", r -> info(r, i -> String.format(Locale.ROOT, "%.1f M",
                i.parameters() / 1e6)), 90));
        table.getColumns().add(col("Pooling", r -> info(r, i -> i.pooling() + (i.normalize() ? ", normalised" : "")),
                130));
        table.getColumns().add(col("Max tokens", r -> info(r, i -> Integer.toString(i.maxSeqLength())), 80));
        table.getColumns().add(col("Folder", r -> r.dir().toString(), 300));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> showDetails(now));

        Button refresh = new Button("Refresh");
        refresh.setId("models-refresh");
        refresh.setOnAction(e -> catalog.refresh());
        Button importButton = new Button("Import built-in model");
        importButton.setId("models-import");
        importButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            ModelRow r = table.getSelectionModel().getSelectedItem();
            return r == null || r.kind() != ModelStore.Kind.BUILTIN;
        }, table.getSelectionModel().selectedItemProperty()));
        importButton.setOnAction(e -> importSelected());
        Button pull = new Button("Download from the Hub...");
        pull.setId("models-pull");
        pull.setOnAction(e -> askPull());
        Button merge = new Button("Merge with base...");
        merge.setId("models-merge");
        merge.setTooltip(new javafx.scene.control.Tooltip("Interpolate the selected (fine-tuned) model with its base "
                + "model: (1 - alpha) * base + alpha * tuned (WiSE-FT), as tenor merge does"));
        merge.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            ModelRow r = table.getSelectionModel().getSelectedItem();
            return r == null || r.problem() != null || r.info() == null;
        }, table.getSelectionModel().selectedItemProperty()));
        merge.setOnAction(e -> askMerge());
        HBox buttons = new HBox(8, refresh, importButton, pull, merge);
        buttons.setAlignment(Pos.CENTER_LEFT);

        details.setId("models-details");
        details.setEditable(false);
        details.setPrefRowCount(8);
        details.getStyleClass().add("process-log");
        VBox box = new VBox(8, title, buttons, error, table, new Label("Details"), details);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(12));
        return box;
    }

    private static String info(ModelRow r, Function<ModelRow.Info, String> f) {
        return r.info() == null ? "" : f.apply(r.info());
    }

    private static TableColumn<ModelRow, String> col(String title, Function<ModelRow, String> value, double width) {
        TableColumn<ModelRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private void showDetails(ModelRow r) {
        if (r == null) {
            details.clear();
            return;
        }
        ProgressTask<String> t = ProgressTask.of((p, token) -> describe(r));
        t.setOnSucceeded(e -> details.setText(t.getValue()));
        t.setOnFailed(e -> details.setText(Errors.describe(t.getException())));
        background.run(t);
    }

    /** A model's folder, problem and provenance files, for the details box (worker thread). */
    static String describe(ModelRow r) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(r.name()).append("  (").append(r.status()).append(")\n").append(r.dir()).append('\n');
        if (r.problem() != null) {
            sb.append("\nThis folder cannot be used: ").append(r.problem()).append('\n');
        }
        for (String f : new String[] {"tenor_model.json", HubClient.PROVENANCE_FILE}) {
            Path p = r.dir().resolve(f);
            if (Files.isRegularFile(p)) {
                sb.append('\n').append(f).append(":\n").append(Files.readString(p));
            }
        }
        return sb.toString();
    }

    private void importSelected() {
        ModelRow r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        importBuiltin(BuiltinModel.byName(r.name()));
    }

    /** Imports a built-in model off the FX thread, with a progress dialog; the table refreshes after. */
    public void importBuiltin(BuiltinModel model) {
        ProgressDialog dialog = new ProgressDialog(() -> root.getScene().getWindow(), "Importing " + model.modelName());
        ProgressTask<Object> t = ProgressTask.of((p, token) -> {
            dev.tenor.task.ProgressListener both = (d, tot, m) -> {
                p.progress(d, tot, m);
                dialog.progress(d, tot, m);
            };
            return catalog.store().importBuiltin(model, both);
        });
        start(t, "Importing " + model.modelName(), dialog);
    }

    private void askPull() {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(root.getScene().getWindow());
        d.setTitle("Download a model from the Hugging Face Hub");
        TextField repo = new TextField();
        repo.setId("pull-repo");
        repo.setPromptText("owner/name, e.g. sentence-transformers/all-MiniLM-L12-v2");
        TextField revision = new TextField("main");
        revision.setId("pull-revision");
        GridPane g = Forms.grid();
        Forms.row(g, "Repository", repo, "A sentence-transformers model (BERT, safetensors weights).");
        Forms.row(g, "Revision", revision, "A branch, tag or commit.");
        Forms.wide(g, Forms.hint("Needs a connection to huggingface.co (or HF_ENDPOINT). The model goes to "
                + catalog.store().root().resolve("hub") + "."));
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
        Optional<ButtonType> answer = d.showAndWait();
        if (answer.isPresent() && answer.get() == ButtonType.OK && !repo.getText().isBlank()) {
            pull(repo.getText().strip(), revision.getText().isBlank() ? "main" : revision.getText().strip());
        }
    }

    private void askMerge() {
        ModelRow tuned = table.getSelectionModel().getSelectedItem();
        if (tuned == null) {
            return;
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(root.getScene().getWindow());
        d.setTitle("Merge " + tuned.name() + " with its base");
        javafx.scene.control.ChoiceBox<String> base = new javafx.scene.control.ChoiceBox<>(catalog.names());
        base.setId("merge-base");
        base.setValue(BuiltinModel.DEFAULT.modelName());
        TextField alpha = new TextField("0.5");
        alpha.setId("merge-alpha");
        TextField name = new TextField(mergedName(tuned.name(), 0.5));
        name.setId("merge-name");
        alpha.textProperty().addListener((o, was, now) -> {
            if (name.getText().equals(mergedName(tuned.name(), parseOr(was)))) {
                name.setText(mergedName(tuned.name(), parseOr(now)));
            }
        });
        GridPane g = Forms.grid();
        Forms.row(g, "Base model", base, "The model the tuned one was trained from (same architecture and tokenizer).");
        Forms.row(g, "Alpha", alpha, "The tuned model's share, 0 (the base) to 1 (the tuned model).");
        Forms.row(g, "Name", name, "The merged model's folder in " + catalog.store().root() + ".");
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
        Optional<ButtonType> answer = d.showAndWait();
        if (answer.isPresent() && answer.get() == ButtonType.OK) {
            merge(base.getValue(), tuned.dir().toString(), alpha.getText(), name.getText());
        }
    }

    private static double parseOr(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The default folder name of a merge: the tuned model's name with α, safe as a folder name. */
    static String mergedName(String tuned, double alpha) {
        String a = Double.isNaN(alpha) ? "x" : String.format(Locale.ROOT, "%.2f", alpha).replaceAll("0+$", "")
                .replaceAll("\\.$", "");
        return tuned.replaceAll("[^A-Za-z0-9._-]+", "-") + "-merged-" + a;
    }

    /**
     * Writes {@code (1 - alpha) * base + alpha * tuned} into the store as {@code name}, off the FX thread;
     * bad input (alpha, name, models that differ) is shown in the tab's error box and nothing is written.
     */
    public ProgressTask<?> merge(String base, String tuned, String alphaText, String name) {
        double alpha = parseOr(alphaText);
        String problem = dev.tenor.model.WeightMerge.alphaProblem(alpha) != null
                ? "alpha must be a number between 0 and 1, got '" + alphaText + "'"
                : name == null || name.isBlank() || !name.strip().matches("[A-Za-z0-9._-]+") || name.startsWith(".")
                ? "the name must be a folder name (letters, digits, '.', '_', '-'), got '" + name + "'"
                : Files.exists(catalog.store().root().resolve(name.strip()))
                ? catalog.store().root().resolve(name.strip()) + " exists already; choose another name" : null;
        if (problem != null) {
            error.show("Merging failed: " + problem);
            return null;
        }
        Path out = catalog.store().root().resolve(name.strip());
        ProgressDialog dialog = new ProgressDialog(() -> root.getScene().getWindow(), "Merging into " + name);
        ProgressTask<Object> t = ProgressTask.of((p, token) -> {
            var b = catalog.store().resolve(base, p);
            var m = catalog.store().resolve(tuned, p);
            p.progress(0, 1, "interpolating the weights");
            return dev.tenor.model.WeightMerge.of(b, m).write(alpha, out, java.util.Map.of());
        });
        start(t, "Merging " + tuned + " with " + base + " at alpha " + alpha, dialog);
        return t;
    }

    /** Downloads {@code repo} at {@code revision} into the store's hub folder. */
    public ProgressTask<?> pull(String repo, String revision) {
        ProgressDialog dialog = new ProgressDialog(() -> root.getScene().getWindow(), "Downloading " + repo);
        ProgressTask<Object> t = ProgressTask.of((p, token) -> {
            dev.tenor.task.ProgressListener both = (d, tot, m) -> {
                p.progress(d, tot, m);
                dialog.progress(d, tot, m);
            };
            HubClient hub = HubClient.fromEnvironment(null);
            return hub.pullModel(repo, revision, catalog.store().root().resolve("hub").resolve(
                    HubClient.folderName(repo)), both, token);
        });
        start(t, "Downloading " + repo, dialog);
        return t;
    }

    private void start(ProgressTask<Object> t, String what, ProgressDialog dialog) {
        error.clear();
        running = t;
        status.track(what, t);
        t.setOnSucceeded(e -> {
            dialog.close();
            log.info(what + ": done");
            catalog.refresh();
        });
        t.setOnFailed(e -> {
            dialog.close();
            error.show(what + " failed: " + Errors.describe(t.getException()));
            log.info(what + " failed: " + Errors.describe(t.getException()));
        });
        t.setOnCancelled(e -> dialog.close());
        background.run(t);
    }

    /** The message shown for a failed action (tests). */
    public String errorText() {
        return error.isVisible() ? error.text() : "";
    }
}
