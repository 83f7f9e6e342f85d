package io.liondg.processor.validation;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the name a misspelled one most likely meant, for "Did you mean ...?" hints. */
public final class NearestName {

  private NearestName() {}

  /**
   * @param written the name as written
   * @param candidates the names that exist
   * @return the closest candidate, if it is close enough to be a likely typo: at most one edit per
   *     three characters (one edit for short names, but never a whole name), ignoring case
   */
  public static Optional<String> of(String written, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(written.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      int longer = Math.max(written.length(), candidate.length());
      // A typo keeps most of the name: at most one edit in three, and never all of it.
      boolean close = d <= Math.max(1, longer / 3) && d < longer;
      if (close && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * @param a a string
   * @param b another
   * @return the Levenshtein distance: the fewest insertions, deletions and substitutions that turn
   *     {@code a} into {@code b}
   */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
