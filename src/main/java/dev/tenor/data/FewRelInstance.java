package dev.tenor.data;

import java.util.List;

/**
 * One valid FewRel instance: a tokenised sentence with its head and tail entities.
 *
 * @param index the position of the instance in its relation's list in the input file
 */
public record FewRelInstance(int index, List<String> tokens, FewRelEntity head, FewRelEntity tail) {

    public FewRelInstance {
        tokens = List.copyOf(tokens);
        if (head.end() > tokens.size() || tail.end() > tokens.size()) {
            throw new IllegalArgumentException("entity span beyond the sentence's " + tokens.size() + " tokens");
        }
    }

    public List<String> headTokens() {
        return head.tokensIn(tokens);
    }

    public List<String> tailTokens() {
        return tail.tokensIn(tokens);
    }
}
