package io.tern.worker.attempt;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.image.OutputSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreImageSinkTest {

  private static OutputSource file(String path, long size) {
    return new OutputSource(path, size, 0644, () -> new ByteArrayInputStream(new byte[0]));
  }

  @Test
  void outputsUpToTheLimitPassAndLargerOnesAreRefusedNamingTheSetting() {
    List<OutputSource> outputs = List.of(file("a", 600), file("b/c", 400));

    assertThatCode(() -> StoreImageSink.requireWithinLimit(outputs, 1000)).doesNotThrowAnyException();
    assertThatThrownBy(() -> StoreImageSink.requireWithinLimit(outputs, 999))
        .isInstanceOf(IOException.class)
        .hasMessage("the output directory holds 1000 bytes in 2 files, more than tern.worker.max-output-bytes (999)");
    assertThatThrownBy(() -> new StoreImageSink(null, -1)).hasMessageContaining("must not be negative");
  }
}
