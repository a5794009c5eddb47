package io.tern.scheduler.queue;

import io.tern.scheduler.job.JobState;

import io.tern.scheduler.api.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a caller asked {@code GET /api/v1/jobs} for: filters that all apply together, an order and a
 * page. Visibility (a submitter sees only its own jobs) is applied on top by {@link JobQueries}.
 *
 * @param owner only jobs of exactly this owner; null = any owner
 * @param nameContains only jobs whose name contains this text, ignoring case; null = any name
 * @param state only jobs in this state; null = any state
 * @param sort the order, always total (ties broken by id)
 * @param page zero-based page number
 * @param size jobs per page, 1 to {@link #MAX_PAGE_SIZE}
 */
public record JobListQuery(String owner, String nameContains, JobState state, JobSort sort, int page, int size) {

  /** Largest page size. */
  public static final int MAX_PAGE_SIZE = 500;

  /** Longest accepted {@code owner} and {@code name} filter. */
  public static final int MAX_FILTER_LENGTH = 200;

  /** Page size when none is given. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  public JobListQuery {
    if (sort == null) {
      sort = JobSort.NEWEST_FIRST;
    }
    if (page < 0) {
      throw new InvalidRequestException("'page' must be 0 or more, not " + page + ".");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new InvalidRequestException("'size' must be between 1 and " + MAX_PAGE_SIZE + ", not " + size + ".");
    }
    owner = filter("owner", owner);
    nameContains = filter("name", nameContains);
  }

  /**
   * Reads the query parameters as the API receives them (any may be null).
   *
   * @throws InvalidRequestException naming the first parameter that is not valid and what it accepts
   */
  public static JobListQuery parse(String owner, String name, String state, String sort, int page, int size) {
    return new JobListQuery(owner, name, parseState(state), JobSort.parse(sort), page, size);
  }

  /** Index of the first job of the page in the whole ordered list. */
  public long offset() {
    return (long) page * size;
  }

  private static String filter(String parameter, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.length() > MAX_FILTER_LENGTH) {
      throw new InvalidRequestException("'" + parameter + "' must be at most " + MAX_FILTER_LENGTH
          + " characters, not " + trimmed.length() + ".");
    }
    return trimmed;
  }

  private static JobState parseState(String state) {
    if (state == null || state.isBlank()) {
      return null;
    }
    try {
      return JobState.valueOf(state.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("'state': Unknown state '" + state + "'. Use one of "
          + Arrays.toString(JobState.values()) + ".");
    }
  }
}
