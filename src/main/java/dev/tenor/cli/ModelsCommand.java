package dev.tenor.cli;

import dev.tenor.model.BuiltinModel;
import dev.tenor.model.ModelFolder;
import dev.tenor.model.ModelStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenor models}: list, import, inspect and download models. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, import, inspect and download models.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.ImportModel.class, ModelsCommand.Info.class,
                ModelsPullCommand.class})
public final class ModelsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code tenor models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List built-in, downloaded and trained models.")
    static final class ListModels implements Callable<Integer> {
        @Override
        public Integer call() {
            ModelStore store = ModelStore.current();
            System.out.printf("%-34s %-8s %-7s %6s %5s %6s %11s %-5s%n", "MODEL", "KIND", "STATE", "LAYERS", "HEADS",
                    "HIDDEN", "PARAMETERS", "POOL");
            for (ModelStore.Entry e : store.list()) {
                if (!e.present()) {
                    System.out.printf("%-34s %-8s %-7s %s%n", e.name(), kind(e), "-", "(imported on first use)");
                    continue;
                }
                try {
                    ModelFolder f = ModelFolder.open(e.dir());
                    System.out.printf("%-34s %-8s %-7s %6d %5d %6d %11s %-5s%n", e.name(), kind(e), "ready",
                            f.config().numLayers(), f.config().numHeads(), f.config().hiddenSize(),
                            String.format("%,d", f.parameterCount()),
                            f.settings().pooling().name().toLowerCase(java.util.Locale.ROOT));
                } catch (RuntimeException ex) {
                    System.out.printf("%-34s %-8s %-7s %s%n", e.name(), kind(e), "broken", ex.getMessage());
                }
            }
            System.out.println("store: " + store.root());
            return 0;
        }

        private static String kind(ModelStore.Entry e) {
            return e.kind().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code tenor models import}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import built-in models from the ONNX files shipped in Tenor (runs offline).")
    static final class ImportModel implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", arity = "0..*",
                description = "Built-in models to import: ${COMPLETION-CANDIDATES}. None: the default model.",
                completionCandidates = BuiltinNames.class)
        List<String> names;

        @Option(names = "--all", description = "Import every built-in model.")
        boolean all;

        @Override
        public Integer call() {
            List<BuiltinModel> models = all ? List.of(BuiltinModel.values())
                    : names == null || names.isEmpty() ? List.of(BuiltinModel.DEFAULT)
                    : names.stream().map(BuiltinModel::byName).toList();
            ModelStore store = ModelStore.current();
            for (BuiltinModel m : models) {
                long t0 = System.nanoTime();
                ModelFolder f;
                try (ProgressBar bar = new ProgressBar()) {
                    f = store.importBuiltin(m, bar);
                }
                System.out.printf("imported %s into %s in %.1f s (%d layers, %,d parameters)%n", m.modelName(), f.dir(),
                        (System.nanoTime() - t0) / 1e9, f.config().numLayers(), f.parameterCount());
            }
            return 0;
        }
    }

    /** Completion candidates: the built-in model names. */
    static final class BuiltinNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BuiltinModel.names().iterator();
        }
    }

    /** {@code tenor models info}. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show a model's architecture and settings.")
    static final class Info implements Callable<Integer> {
        @Mixin
        ModelOption model;

        @Override
        public Integer call() {
            ModelFolder f = model.resolve();
            System.out.println("folder:          " + f.dir());
            System.out.println("layers:          " + f.config().numLayers());
            System.out.println("heads:           " + f.config().numHeads());
            System.out.println("hidden size:     " + f.config().hiddenSize());
            System.out.println("parameters:      " + String.format("%,d", f.parameterCount()));
            System.out.println("pooling:         " + f.settings().pooling().name().toLowerCase(java.util.Locale.ROOT));
            System.out.println("normalize:       " + f.settings().normalize());
            System.out.println("max_seq_length:  " + f.settings().maxSeqLength());
            System.out.println("prompt:          " + (f.settings().prompt().isEmpty() ? "(none)"
                    : "\"" + f.settings().prompt() + "\""));
            return 0;
        }
    }
}
