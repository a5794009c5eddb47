package io.tern.scheduler.queue;

import io.tern.scheduler.api.InvalidRequestException;
import java.util.Locale;

/**
 * The order of a job list: one field and a direction. Jobs that are equal on the field are ordered
 * by id in the same direction, so the order is total and paging through it never repeats or skips
 * a job.
 *
 * @param field what to sort by
 * @param ascending smallest first when true, largest first when false
 */
public record JobSort(JobSortField field, boolean ascending) {

  /** The default: newest (highest id) first. */
  public static final JobSort NEWEST_FIRST = new JobSort(JobSortField.ID, false);

  public JobSort {
    if (field == null) {
      throw new IllegalArgumentException("field is required");
    }
  }

  /**
   * Reads {@code <field>[,<asc|desc>]} (case-insensitive; the direction defaults to {@code asc});
   * null or blank means {@link #NEWEST_FIRST}.
   *
   * @throws InvalidRequestException naming the parameter and the allowed values when it is not valid
   */
  public static JobSort parse(String text) {
    if (text == null || text.isBlank()) {
      return NEWEST_FIRST;
    }
    String[] parts = text.split(",", -1);
    if (parts.length > 2) {
      throw new InvalidRequestException("'sort' must be one <field>,<asc|desc> such as submittedAt,desc, not '"
          + shorten(text) + "'. Fields: " + JobSortField.allApiNames() + ".");
    }
    String fieldName = parts[0].trim();
    JobSortField field = JobSortField.fromApiName(fieldName).orElseThrow(() -> new InvalidRequestException(
        "'sort' field '" + shorten(fieldName) + "' is unknown. Use one of " + JobSortField.allApiNames() + "."));
    if (parts.length == 1) {
      return new JobSort(field, true);
    }
    String direction = parts[1].trim().toLowerCase(Locale.ROOT);
    return switch (direction) {
      case "asc" -> new JobSort(field, true);
      case "desc" -> new JobSort(field, false);
      default -> throw new InvalidRequestException(
          "'sort' direction '" + shorten(parts[1].trim()) + "' is unknown. Use one of asc, desc.");
    };
  }

  /** As the API writes it, e.g. {@code submittedAt,desc}. */
  @Override
  public String toString() {
    return field.apiName() + (ascending ? ",asc" : ",desc");
  }

  private static String shorten(String text) {
    return text.length() > 50 ? text.substring(0, 50) + "..." : text;
  }
}
