package io.liondg.runtime.cli;

/** What the launcher tells the JVM about the code that runs. */
final class Provenance {

  /** Set by {@code ./lion-dg}: the checkout's commit, with {@code -dirty} if code changed. */
  static final String COMMIT_PROPERTY = "lion-dg.commit";

  private Provenance() {}

  /**
   * @return the git commit of the running code, or null if not launched from a checkout
   */
  static String commit() {
    String commit = System.getProperty(COMMIT_PROPERTY);
    return commit == null || commit.isBlank() ? null : commit;
  }
}
