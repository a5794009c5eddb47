package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OutputPathsTest {

  private static final Path DIR = Path.of("/work/attempt/outputs");

  @Test
  void acceptsRelativePathsOfRealNames() {
    assertThat(OutputPaths.isValid("result.csv")).isTrue();
    assertThat(OutputPaths.isValid("runs/1/lines.txt")).isTrue();
    assertThat(OutputPaths.isValid("..hidden")).isTrue();
    assertThat(OutputPaths.isValid("a..b/c")).isTrue();
    assertThat(OutputPaths.resolve(DIR, "runs/1/lines.txt")).isEqualTo(DIR.resolve("runs/1/lines.txt"));
  }

  @Test
  void refusesEveryPathThatCouldLeaveTheDirectoryOrIsNotCanonical() {
    assertThat(OutputPaths.problem("../etc/passwd")).contains("'..'");
    assertThat(OutputPaths.problem("a/../../b")).contains("'..'");
    assertThat(OutputPaths.problem("a/..")).contains("'..'");
    assertThat(OutputPaths.problem("/etc/passwd")).contains("absolute");
    assertThat(OutputPaths.problem("./a")).contains("'.'");
    assertThat(OutputPaths.problem("a//b")).contains("empty segment");
    assertThat(OutputPaths.problem("a/")).contains("empty segment");
    assertThat(OutputPaths.problem("")).contains("empty");
    assertThat(OutputPaths.problem(null)).contains("empty");
    assertThat(OutputPaths.problem("a\0b")).contains("NUL");
    assertThat(OutputPaths.problem("..\\x")).contains("backslash");
    assertThat(OutputPaths.problem("x".repeat(OutputPaths.MAX_LENGTH + 1))).contains("longer");
    assertThatThrownBy(() -> OutputPaths.resolve(DIR, "../x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../x' refused");
  }

  @Test
  void relativePathsUseSlashes() {
    assertThat(OutputPaths.relative(DIR, DIR.resolve("a").resolve("b.txt"))).isEqualTo("a/b.txt");
  }

  @Test
  void aManifestEntryChecksItsPathModeAndSize() {
    ChunkRef chunk = new ChunkRef("a".repeat(64), 10);
    assertThat(new OutputFile("a/b", 10, 0644, java.util.List.of(chunk)).size()).isEqualTo(10);
    assertThat(new OutputFile("empty", 0, 0600, java.util.List.of()).chunks()).isEmpty();
    assertThatThrownBy(() -> new OutputFile("../b", 10, 0644, java.util.List.of(chunk)))
        .hasMessageContaining("refused");
    assertThatThrownBy(() -> new OutputFile("b", 11, 0644, java.util.List.of(chunk)))
        .hasMessageContaining("add up to 10");
    assertThatThrownBy(() -> new OutputFile("b", 10, 04755, java.util.List.of(chunk)))
        .hasMessageContaining("permission bits");
  }
}
