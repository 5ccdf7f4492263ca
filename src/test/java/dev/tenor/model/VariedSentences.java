package dev.tenor.model;

import java.util.ArrayList;
import java.util.List;

/**
 * 32 sentences that exercise an encoder: empty, one letter, short intents, unicode (accents, emoji, CJK,
 * Cyrillic, Arabic), control characters, and three past 128 tokens (cut at the model's maximum length).
 */
public final class VariedSentences {

    public static final List<String> THIRTY_TWO = List.copyOf(build());

    private VariedSentences() {
    }

    private static List<String> build() {
        List<String> s = new ArrayList<>(List.of("", "pin", "I forgot my pin and have locked my card.",
                "how can I pay using my phone?", "Set an alarm for 7 am tomorrow", "Wake me up at seven.",
                "What's the weather in Zürich, São Paulo and Kraków?", "Play some jazz 🎷🎶 please",
                "東京の天気は？", "Привет, как дела?", "مرحبا بالعالم", "café naïve résumé coöperate",
                "remind me to call mom", "cancel my 3 pm meeting", "Is it going to rain this weekend?",
                "text John that I'm running late", "turn the volume down", "show me flights from Boston to Denver",
                "what is the cheapest fare", "UPPER CASE SENTENCE WITH SHOUTING", "tabs\tand\nnewlines  here",
                "a", "1234567890 3.14159 -42", "<html> & \"quotes\" 'single' </html>",
                "The quick brown fox jumps over the lazy dog."));
        String longer = "This sentence is repeated to pass the model's maximum sequence length of tokens. ";
        s.add(longer.repeat(12)); // ~190 tokens: cut at 128 (built-in) or 32 (tiny)
        s.add("word ".repeat(300));
        s.add(longer.repeat(3));
        while (s.size() < 32) {
            s.add("add " + s.size() + " apples and " + (s.size() * 7) + " pears to my shopping list");
        }
        return s;
    }
}
