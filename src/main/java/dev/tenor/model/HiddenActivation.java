package dev.tenor.model;

import java.util.List;
import java.util.Locale;

/**
 * The feed-forward activation a BERT config names ({@code hidden_act}), as Hugging Face's {@code ACT2FN}
 * defines the ones Tenor runs: the exact GELU, and its tanh approximation under its three names.
 */
public enum HiddenActivation {
    /** {@code gelu}: x * Phi(x), with the error function. */
    GELU,
    /** {@code gelu_new}, {@code gelu_pytorch_tanh}, {@code gelu_fast}: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    GELU_TANH;

    /** The names {@link #parse} accepts. */
    public static final List<String> NAMES = List.of("gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast");

    /** The activation of {@code hiddenAct}; anything else is refused with the names Tenor runs. */
    public static HiddenActivation parse(String hiddenAct) {
        String name = hiddenAct == null ? "gelu" : hiddenAct.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "gelu" -> GELU;
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
            default -> throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported; Tenor "
                    + "runs " + String.join(", ", NAMES));
        };
    }
}
