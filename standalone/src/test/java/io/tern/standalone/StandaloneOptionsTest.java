package io.tern.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StandaloneOptionsTest {

  @Test
  void theCommandLineSetsEachOptionAndLeavesTheOthersAtTheirDefaults() {
    StandaloneOptions o = StandaloneOptions.parse(
        new String[] {"--data-dir", "/srv/tern", "--port=9090", "--workers", "3", "--s3-port", "9000"});

    assertThat(o.dataDir()).isEqualTo(Path.of("/srv/tern"));
    assertThat(o.port()).isEqualTo(9090);
    assertThat(o.workers()).isEqualTo(3);
    assertThat(o.s3Port()).isEqualTo(9000);
    assertThat(o.slotsPerWorker()).isEqualTo(StandaloneOptions.defaults().slotsPerWorker());
    assertThat(StandaloneOptions.defaults().s3Port()).as("a free port unless one is asked for").isZero();
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--s3-port", "70000"}))
        .hasMessageContaining("--s3-port must be between 0 and 65535");
    assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--s3-port", "x"}))
        .hasMessageContaining("--s3-port needs a whole number");
    assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--s3-port"}))
        .hasMessageContaining("missing value for --s3-port");
    assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--s3", "9000"}))
        .hasMessageContaining("unknown option --s3");
  }
}
