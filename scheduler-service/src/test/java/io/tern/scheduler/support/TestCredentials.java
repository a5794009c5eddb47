package io.tern.scheduler.support;

/** Credentials every test scheduler is started with. */
public final class TestCredentials {

  private TestCredentials() {}

  /** Stored as the bootstrap ADMIN token (owner {@code admin}) when a test scheduler starts. */
  public static final String ADMIN_TOKEN = "tern_at_test-admin-0123456789abcdefghijklmnopqrstuvwxyz";
  /** The test schedulers' worker join token. */
  public static final String JOIN_TOKEN = "test-join-token-0123456789abcdefghijklmnopqrstuvwxyz";
}
