package io.tern.scheduler.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void firstToLastIsInclusiveAndCutAtTheEnd() {
    ByteRange r = ByteRange.parse("bytes=5-9", 100).orElseThrow();
    assertThat(r).isEqualTo(new ByteRange(5, 9));
    assertThat(r.length()).isEqualTo(5);
    assertThat(r.contentRange(100)).isEqualTo("bytes 5-9/100");
    assertThat(ByteRange.parse("bytes=90-500", 100)).contains(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=0-0", 1)).contains(new ByteRange(0, 0));
  }

  @Test
  void openEndedAndSuffixRanges() {
    assertThat(ByteRange.parse("bytes=40-", 100)).contains(new ByteRange(40, 99));
    assertThat(ByteRange.parse("bytes=-10", 100)).contains(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-1000", 100)).as("a suffix longer than the file is all of it")
        .contains(new ByteRange(0, 99));
  }

  @Test
  void noHeaderOrOneThatIsNotASingleByteRangeMeansTheWholeFile() {
    assertThat(ByteRange.parse(null, 100)).isEmpty();
    for (String ignored : new String[] {"bytes=", "bytes=-", "items=0-5", "bytes=0-5,10-20", "bytes=9-5", "bytes=a-b",
        "bytes=0-99999999999999999999"}) {
      assertThat(ByteRange.parse(ignored, 100)).as(ignored).isEmpty();
    }
  }

  @Test
  void aRangeOutsideTheFileCannotBeSatisfied() {
    for (String[] c : new String[][] {{"bytes=100-", "100"}, {"bytes=100-200", "100"}, {"bytes=-0", "100"},
        {"bytes=0-", "0"}, {"bytes=-5", "0"}}) {
      long size = Long.parseLong(c[1]);
      assertThatThrownBy(() -> ByteRange.parse(c[0], size)).as(c[0])
          .isInstanceOfSatisfying(RangeNotSatisfiableException.class,
              e -> assertThat(e.headers()).containsEntry("Content-Range", "bytes */" + size));
    }
  }
}
