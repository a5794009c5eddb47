package io.tern.scheduler.queue;

import io.tern.scheduler.job.JobState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.scheduler.api.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** Reading the query parameters of {@code GET /api/v1/jobs}. */
class JobListQueryTest {

  @Test
  void noParametersMeanEveryJobNewestFirst() {
    JobListQuery q = JobListQuery.parse(null, " ", "", null, 0, 50);
    assertThat(q.owner()).isNull();
    assertThat(q.nameContains()).isNull();
    assertThat(q.state()).isNull();
    assertThat(q.sort()).isEqualTo(JobSort.NEWEST_FIRST);
  }

  @Test
  void readsFiltersAndSortIgnoringCaseOfStateFieldAndDirection() {
    JobListQuery q = JobListQuery.parse(" alice ", "etl", "held", "SubmittedAt,DESC", 2, 25);
    assertThat(q.owner()).isEqualTo("alice");
    assertThat(q.nameContains()).isEqualTo("etl");
    assertThat(q.state()).isEqualTo(JobState.HELD);
    assertThat(q.sort()).isEqualTo(new JobSort(JobSortField.SUBMITTED_AT, false));
    assertThat(q.offset()).isEqualTo(50);
  }

  @Test
  void aSortWithoutDirectionIsAscending() {
    assertThat(JobSort.parse("name")).isEqualTo(new JobSort(JobSortField.NAME, true));
    assertThat(JobSort.parse("worker,asc").toString()).isEqualTo("worker,asc");
  }

  @Test
  void refusesWhatItCannotReadNamingTheParameter() {
    assertThatThrownBy(() -> JobSort.parse("colour,asc")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'sort' field 'colour' is unknown").hasMessageContaining("submittedAt");
    assertThatThrownBy(() -> JobSort.parse("id,sideways")).hasMessageContaining("'sort' direction 'sideways'");
    assertThatThrownBy(() -> JobSort.parse("id,asc,name")).hasMessageContaining("'sort' must be one");
    assertThatThrownBy(() -> JobListQuery.parse(null, "x".repeat(201), null, null, 0, 50))
        .hasMessage("'name' must be at most 200 characters, not 201.");
    assertThatThrownBy(() -> JobListQuery.parse("o".repeat(201), null, null, null, 0, 50))
        .hasMessage("'owner' must be at most 200 characters, not 201.");
    assertThatThrownBy(() -> JobListQuery.parse(null, null, "asleep", null, 0, 50))
        .hasMessageContaining("'state'").hasMessageContaining("Unknown state 'asleep'");
    assertThatThrownBy(() -> JobListQuery.parse(null, null, null, null, 0, 501)).hasMessageContaining("'size'");
    assertThatThrownBy(() -> JobListQuery.parse(null, null, null, null, -1, 50)).hasMessageContaining("'page'");
  }

  @Test
  void likeWildcardsInANameAreEscaped() {
    assertThat(JobSearch.escapeLike("50%_a\\b")).isEqualTo("50\\%\\_a\\\\b");
  }
}
