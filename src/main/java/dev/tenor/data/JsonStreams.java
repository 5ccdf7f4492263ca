package dev.tenor.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Jackson's streaming core, without the databind mapper: this package reads and writes its JSON as
 * streams because loading the mapper alone costs a quarter of a second, a good part of a whole build.
 */
final class JsonStreams {

    /** No pretty printing and nothing between root values, for JSON Lines. */
    static final JsonFactory FACTORY = new JsonFactory().setRootValueSeparator(null);

    private JsonStreams() {
    }

    /** A generator writing pretty JSON as {@link dev.tenor.io.Json#pretty} does; the stream is not closed. */
    static JsonGenerator pretty(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
        return g;
    }
}
