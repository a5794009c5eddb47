package io.tern.scheduler.queue;

import java.util.List;

/**
 * One page of a job list, in the order asked for (newest first by default).
 *
 * @param items the jobs of this page
 * @param page zero-based page number
 * @param size jobs per page asked for
 * @param totalItems jobs matching the filters that the caller may see, on all pages
 * @param totalPages pages of {@code size} needed for {@code totalItems}
 */
public record JobPage(List<JobView> items, int page, int size, long totalItems, int totalPages) {}
