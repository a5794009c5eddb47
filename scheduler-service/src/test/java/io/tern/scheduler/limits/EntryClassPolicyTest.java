package io.tern.scheduler.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntryClassPolicyTest {

  private static final List<String> CATALOG = List.of("io.tern.examples.MonteCarloPiJob");

  @Test
  void byDefaultOnlyTheCatalogsClassesAreAllowed() {
    EntryClassPolicy policy = new EntryClassPolicy(CATALOG, List.of());
    assertThat(policy.allows("io.tern.examples.MonteCarloPiJob")).isTrue();
    assertThat(policy.allows("io.tern.examples.PrimeCountJob")).isFalse();
    assertThat(policy.allows("java.lang.Runtime")).isFalse();
  }

  @Test
  void aPackagePatternAllowsThePackageAndItsSubpackagesButNoSibling() {
    EntryClassPolicy policy = new EntryClassPolicy(CATALOG, List.of("com.acme.*", "org.example.OneJob"));
    assertThat(policy.allows("com.acme.Job")).isTrue();
    assertThat(policy.allows("com.acme.deep.Job")).isTrue();
    assertThat(policy.allows("com.acmex.Job")).isFalse();
    assertThat(policy.allows("com.Job")).isFalse();
    assertThat(policy.allows("org.example.OneJob")).isTrue();
    assertThat(policy.allows("org.example.OneJobToo")).isFalse();
    assertThat(policy.allows("org.example.OneJob$Inner")).isFalse();
  }

  @Test
  void namesAndPatternsAreChecked() {
    assertThat(EntryClassPolicy.isBinaryName("com.acme.My$Job")).isTrue();
    assertThat(EntryClassPolicy.isBinaryName("com..Job")).isFalse();
    assertThat(EntryClassPolicy.isBinaryName("com.acme.*")).isFalse();
    assertThat(EntryClassPolicy.isBinaryName("a." + "b".repeat(EntryClassPolicy.MAX_LENGTH))).isFalse();
    assertThat(EntryClassPolicy.isPattern("com.acme.*")).isTrue();
    assertThat(EntryClassPolicy.isPattern("com.acme.Job")).isTrue();
    assertThat(EntryClassPolicy.isPattern("*")).isFalse();
    assertThat(EntryClassPolicy.isPattern("com.*.Job")).isFalse();
    assertThat(EntryClassPolicy.isPattern("not a package!")).isFalse();
  }
}
