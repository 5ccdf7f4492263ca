package dev.tenor.data;

import dev.tenor.TestEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real FewRel files of ../shared/data/fewrel; tests using them are skipped when they are absent. */
final class FewRelFiles {

    static final Path FOLDER = Path.of("../shared/data/fewrel");

    private FewRelFiles() {
    }

    static Path val() {
        return existing("val_wiki.json");
    }

    static Path trainPartial() {
        return existing("train_wiki_partial.json");
    }

    static Path pid2name() {
        return existing("pid2name.json");
    }

    static Path existing(String name) {
        Path file = FOLDER.resolve(name);
        TestEnvironment.needData(file);
        return file;
    }
}
