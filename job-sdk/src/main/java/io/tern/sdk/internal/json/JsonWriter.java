package io.tern.sdk.internal.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes job results as JSON: maps, lists/collections/arrays of objects, strings, numbers, booleans
 * and null. Map keys are written with {@code String.valueOf}. Keys of ordered maps
 * ({@link LinkedHashMap}, {@link SortedMap}) keep their order; other maps (e.g. {@code Map.of},
 * whose order changes from one JVM to the next) are written with sorted keys, so the same result
 * always gives the same text. Non-finite doubles (NaN, infinities) have no JSON form and are
 * written as {@code null}. Any other type is an {@link IllegalArgumentException} naming its class.
 */
public final class JsonWriter {

  private JsonWriter() {}

  /** The JSON text of {@code value}. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(128);
    append(sb, value, "$");
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object value, String path) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
      appendString(sb, value.toString());
    } else if (value instanceof Boolean) {
      sb.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      sb.append(Double.isFinite(d) ? value.toString() : "null");
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger || value instanceof java.util.concurrent.atomic.AtomicLong
        || value instanceof java.util.concurrent.atomic.AtomicInteger) {
      sb.append(value);
    } else if (value instanceof BigDecimal bd) {
      sb.append(bd.toString());
    } else if (value instanceof Map<?, ?> map) {
      appendMap(sb, map, path);
    } else if (value instanceof Collection<?> c) {
      appendList(sb, c, path);
    } else if (value instanceof Object[] array) {
      appendList(sb, java.util.Arrays.asList(array), path);
    } else if (value instanceof double[] || value instanceof long[] || value instanceof int[]) {
      appendList(sb, boxed(value), path);
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON at " + path
          + " (use String, Number, Boolean, null, List or Map)");
    }
  }

  private static void appendMap(StringBuilder sb, Map<?, ?> map, String path) {
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    if (!(map instanceof LinkedHashMap<?, ?>) && !(map instanceof SortedMap<?, ?>)) {
      entries.sort(Comparator.comparing(e -> String.valueOf(e.getKey())));
    }
    sb.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : entries) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      String key = String.valueOf(e.getKey());
      appendString(sb, key);
      sb.append(':');
      append(sb, e.getValue(), path + "." + key);
    }
    sb.append('}');
  }

  private static void appendList(StringBuilder sb, Collection<?> list, String path) {
    sb.append('[');
    int i = 0;
    for (Object o : list) {
      if (i > 0) {
        sb.append(',');
      }
      append(sb, o, path + "[" + i + "]");
      i++;
    }
    sb.append(']');
  }

  private static List<Object> boxed(Object array) {
    List<Object> out = new ArrayList<>();
    if (array instanceof double[] d) {
      for (double v : d) {
        out.add(v);
      }
    } else if (array instanceof long[] l) {
      for (long v : l) {
        out.add(v);
      }
    } else {
      for (int v : (int[]) array) {
        out.add(v);
      }
    }
    return out;
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(s, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
