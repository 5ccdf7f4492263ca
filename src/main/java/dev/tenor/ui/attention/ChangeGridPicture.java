package dev.tenor.ui.attention;

import dev.tenor.attention.HeadChanges;

/**
 * The change grid's content: how much each head's attention changed between the two models.
 *
 * @param changes null when there is nothing to show ({@code message} says why)
 */
public record ChangeGridPicture(String title, HeadChanges changes, String message) {
}
