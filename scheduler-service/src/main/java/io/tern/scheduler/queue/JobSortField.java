package io.tern.scheduler.queue;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code GET /api/v1/jobs} can be sorted by, under the names the API (and the dashboard's
 * column keys) use. Fields that may be empty ({@link #isNullable()}) sort an empty value as the
 * smallest: first when ascending, last when descending.
 */
public enum JobSortField {
  ID("id", false),
  NAME("name", false),
  OWNER("owner", false),
  STATE("state", false),
  TYPE("type", true),
  PRIORITY("priority", false),
  PROGRESS("progress", true),
  /** The name of the worker of the job's current attempt. */
  WORKER("worker", true),
  SUBMITTED_AT("submittedAt", false),
  STARTED_AT("startedAt", true),
  FINISHED_AT("finishedAt", true);

  private final String apiName;
  private final boolean nullable;

  JobSortField(String apiName, boolean nullable) {
    this.apiName = apiName;
    this.nullable = nullable;
  }

  /** The name used in {@code sort=<field>,<direction>}. */
  public String apiName() {
    return apiName;
  }

  /** True when some jobs have no value for this field. */
  public boolean isNullable() {
    return nullable;
  }

  /** The field called {@code name} in the API, ignoring case. */
  public static Optional<JobSortField> fromApiName(String name) {
    return Arrays.stream(values()).filter(f -> f.apiName.equalsIgnoreCase(name)).findFirst();
  }

  /** Every API name, comma separated, for error messages and documentation. */
  public static String allApiNames() {
    return Arrays.stream(values()).map(JobSortField::apiName).collect(Collectors.joining(", "));
  }
}
