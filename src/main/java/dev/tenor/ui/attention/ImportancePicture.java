package dev.tenor.ui.attention;

import dev.tenor.attention.TokenImportance;
import java.util.List;

/**
 * The token-importance view's content: the attention each token receives in one layer (or the rollout),
 * per model, tokens in sentence order.
 *
 * @param values one array per model (one or two), aligned with {@code tokens}; empty when {@code message} says why
 * @param models the models' names, as many as {@code values}
 * @param changes the tokens that gained and lost most (null with one model)
 */
public record ImportancePicture(String title, List<String> tokens, List<float[]> values, List<String> models,
                                TokenImportance.Changes changes, String message) {

    public static ImportancePicture empty(String title, String message) {
        return new ImportancePicture(title, List.of(), List.of(), List.of(), null, message);
    }
}
