package io.tern.sdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  void writesNestedValuesKeepingTheOrderOfOrderedMaps() {
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("z", 1);
    top.put("a", List.of(true, false));
    top.put("n", null);
    top.put("m", new LinkedHashMap<>(Map.of("k", 2.5)));
    top.put("big", new BigDecimal("12345678901234567890.5"));
    top.put("longs", new long[] {1, -2});

    assertThat(JsonWriter.write(top))
        .isEqualTo("{\"z\":1,\"a\":[true,false],\"n\":null,\"m\":{\"k\":2.5},\"big\":12345678901234567890.5,\"longs\":[1,-2]}");
  }

  @Test
  void unorderedMapsAreWrittenWithSortedKeysSoTheTextIsStable() {
    Map<String, Object> m = new HashMap<>();
    for (String k : List.of("delta", "alpha", "charlie", "bravo")) {
      m.put(k, k.length());
    }

    assertThat(JsonWriter.write(m)).isEqualTo("{\"alpha\":5,\"bravo\":5,\"charlie\":7,\"delta\":5}");
    assertThat(JsonWriter.write(Map.of("b", 1, "a", 2))).isEqualTo("{\"a\":2,\"b\":1}");
  }

  @Test
  void escapesQuotesBackslashesControlCharactersAndLoneSurrogates() {
    String s = "q\"b\\n\nr\rt\tnul\u0000bell\u0007sep\u2028ok\uD83D\uDE00lone\uD800";

    assertThat(JsonWriter.write(s))
        .isEqualTo("\"q\\\"b\\\\n\\nr\\rt\\tnul\\u0000bell\\u0007sep\\u2028ok\uD83D\uDE00lone\\ud800\"");
  }

  @Test
  void nonFiniteNumbersBecomeNull() {
    assertThat(JsonWriter.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, 1.5, null)))
        .isEqualTo("[null,null,1.5,null]");
  }

  @Test
  void unsupportedTypesAreRejectedWithTheirPath() {
    assertThatThrownBy(() -> JsonWriter.write(Map.of("when", List.of(new Object()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("$.when[0]");
  }
}
