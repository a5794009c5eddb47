package io.tern.scheduler.placement;

import io.tern.scheduler.api.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation of label maps (worker labels a job requires, migration targets). */
public final class Labels {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
  private static final int MAX_VALUE = 200;

  private Labels() {}

  /**
   * A copy of {@code labels} (empty for null).
   *
   * @param field the request field, for the message
   * @throws InvalidRequestException naming the first bad key or value
   */
  public static Map<String, String> validated(Map<String, String> labels, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (labels == null) {
      return out;
    }
    if (labels.size() > 20) {
      throw new InvalidRequestException("'" + field + "' may have at most 20 labels.");
    }
    labels.forEach((k, v) -> {
      if (k == null || !KEY.matcher(k).matches()) {
        throw new InvalidRequestException("'" + field + "' has an invalid label name '" + k
            + "': use 1 to 100 letters, digits, '.', '_', '/' or '-', starting with a letter or digit.");
      }
      if (v == null || v.isEmpty() || v.length() > MAX_VALUE) {
        throw new InvalidRequestException("'" + field + "." + k + "' must be 1 to " + MAX_VALUE + " characters.");
      }
      out.put(k, v);
    });
    return out;
  }
}
