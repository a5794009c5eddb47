package io.tern.scheduler.limits;

import io.tern.scheduler.api.InvalidRequestException;
import java.util.List;

/**
 * Per-owner limits in force (defaults from {@code tern.limits.*}, changed at run time through
 * {@code PUT /api/v1/settings/limits}). Submitters are limited; operators and admins are not.
 *
 * @param maxActiveJobsPerOwner jobs of one owner that have not ended (queued, held, running,
 *     cancelling) at most; a submission beyond is refused (1..1000000)
 * @param submitsPerMinute submissions of one owner refilled per minute into its bucket (1..100000)
 * @param submitBurst submissions one owner may make at once, the bucket's size (1..100000)
 * @param maxStreamsPerOwner live event streams one owner may hold open (1..1000)
 * @param maxSubmitterPriority highest priority a submitter may give at submit or resubmit (0..1000000)
 * @param minScheduleIntervalSeconds shortest time between two firings of a schedule's cron (1..86400)
 * @param allowedEntryClasses entry classes anyone may submit besides the catalog's: a binary class
 *     name ({@code com.acme.MyJob}) or a package and its subpackages ({@code com.acme.*}); at most 100
 */
public record LimitSettings(
    int maxActiveJobsPerOwner,
    int submitsPerMinute,
    int submitBurst,
    int maxStreamsPerOwner,
    int maxSubmitterPriority,
    long minScheduleIntervalSeconds,
    List<String> allowedEntryClasses) {

  public LimitSettings {
    allowedEntryClasses = allowedEntryClasses == null ? null : List.copyOf(allowedEntryClasses);
  }

  /** Throws {@link InvalidRequestException} naming the first value out of range. */
  public LimitSettings validated() {
    range("maxActiveJobsPerOwner", maxActiveJobsPerOwner, 1, 1_000_000);
    range("submitsPerMinute", submitsPerMinute, 1, 100_000);
    range("submitBurst", submitBurst, 1, 100_000);
    range("maxStreamsPerOwner", maxStreamsPerOwner, 1, 1000);
    range("maxSubmitterPriority", maxSubmitterPriority, 0, 1_000_000);
    range("minScheduleIntervalSeconds", minScheduleIntervalSeconds, 1, 86_400);
    if (allowedEntryClasses == null) {
      throw new InvalidRequestException("'allowedEntryClasses' is required (an empty list allows only catalog types).");
    }
    if (allowedEntryClasses.size() > 100) {
      throw new InvalidRequestException("'allowedEntryClasses' may have at most 100 entries.");
    }
    for (String pattern : allowedEntryClasses) {
      if (!EntryClassPolicy.isPattern(pattern)) {
        throw new InvalidRequestException("'allowedEntryClasses' entry '" + pattern + "' is neither a Java binary"
            + " class name (com.acme.MyJob) nor a package followed by .* (com.acme.*).");
      }
    }
    return this;
  }

  /** The entry-class policy these settings give, over the catalog's own classes. */
  public EntryClassPolicy entryClassPolicy(java.util.Collection<String> catalogClasses) {
    return new EntryClassPolicy(catalogClasses, allowedEntryClasses);
  }

  private static void range(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidRequestException("'" + name + "' must be between " + min + " and " + max + ", not " + value + ".");
    }
  }
}
