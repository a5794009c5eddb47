package io.tern.testsupport;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST /api/v1/jobs}, built field by field. Unset fields are left out, so the
 * scheduler's defaults apply; resources default to one slot and 128 MB. {@link TernClient} sends it
 * as JSON; {@link #toJson()} gives the text.
 *
 * <pre>{@code
 * long id = api.submit(JobRequest.ofType("primes").name("primes-1").parameter("limit", 1_000_000_000L)
 *     .memoryMb(256).checkpointIntervalSeconds(1));
 * }</pre>
 */
public final class JobRequest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private int slots = 1;
  private int memoryMb = 128;

  private JobRequest(String key, String value) {
    fields.put(key, value);
  }

  /** A job of a catalog type such as {@code pi}, {@code primes} or {@code pagerank}. */
  public static JobRequest ofType(String type) {
    return new JobRequest("type", type);
  }

  /** A job given by the class implementing it, e.g. {@code io.tern.examples.MonteCarloPiJob}. */
  public static JobRequest ofEntryClass(String entryClass) {
    return new JobRequest("entryClass", entryClass);
  }

  public JobRequest name(String name) {
    fields.put("name", name);
    return this;
  }

  /** One job parameter; its value is sent as given (a string or a number). */
  public JobRequest parameter(String name, Object value) {
    parameters.put(name, value);
    return this;
  }

  public JobRequest parameters(Map<String, ?> values) {
    parameters.putAll(values);
    return this;
  }

  public JobRequest slots(int slots) {
    this.slots = slots;
    return this;
  }

  public JobRequest memoryMb(int memoryMb) {
    this.memoryMb = memoryMb;
    return this;
  }

  public JobRequest checkpointIntervalSeconds(int seconds) {
    fields.put("checkpointIntervalSeconds", seconds);
    return this;
  }

  public JobRequest maxRetries(int maxRetries) {
    fields.put("maxRetries", maxRetries);
    return this;
  }

  /** How many committed checkpoints the scheduler keeps for this job. */
  public JobRequest retainCheckpoints(int count) {
    fields.put("retainCheckpoints", count);
    return this;
  }

  public JobRequest priority(int priority) {
    fields.put("priority", priority);
    return this;
  }

  /** The body as a JSON object's fields, in the order the API documents them. */
  @JsonValue
  public Map<String, Object> toMap() {
    Map<String, Object> body = new LinkedHashMap<>();
    if (fields.containsKey("name")) {
      body.put("name", fields.get("name"));
    }
    fields.forEach((key, value) -> {
      if (key.equals("type") || key.equals("entryClass")) {
        body.put(key, value);
      }
    });
    body.put("parameters", new LinkedHashMap<>(parameters));
    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("slots", slots);
    resources.put("memoryMb", memoryMb);
    body.put("resources", resources);
    fields.forEach(body::putIfAbsent);
    return body;
  }

  public String toJson() {
    return JSON.writeValueAsString(toMap());
  }

  @Override
  public String toString() {
    return toJson();
  }
}
