package dev.tenor.data;

/** One labelled sentence of an intent dataset. */
public record IntentExample(String text, String label) {

    public IntentExample {
        if (text == null || label == null) {
            throw new IllegalArgumentException("an intent example needs a text and a label");
        }
    }
}
