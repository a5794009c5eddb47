package io.tern.scheduler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCursorTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void deliversEachNewIdOnceInOrder() {
    EventCursor cursor = new EventCursor(5, Duration.ofSeconds(30), 100);
    assertThat(cursor.accept(List.of(7L, 6L), T0)).containsExactly(6L, 7L);
    assertThat(cursor.accept(List.of(6L, 7L), T0)).as("already delivered").isEmpty();
    assertThat(cursor.accept(List.of(3L), T0)).as("before the start").isEmpty();
    assertThat(cursor.last()).isEqualTo(7);
  }

  @Test
  void anEventCommittedLateAfterAHigherIdIsStillDelivered() {
    EventCursor cursor = new EventCursor(9, Duration.ofSeconds(30), 100);
    assertThat(cursor.accept(List.of(11L), T0)).containsExactly(11L);
    assertThat(cursor.openGaps(T0)).containsExactly(10L);

    assertThat(cursor.accept(List.of(10L, 12L), T0.plusSeconds(1))).containsExactly(10L, 12L);
    assertThat(cursor.openGaps(T0.plusSeconds(1))).isEmpty();
  }

  @Test
  void anIdThatNeverAppearsIsForgottenAfterTheGrace() {
    EventCursor cursor = new EventCursor(0, Duration.ofSeconds(30), 100);
    cursor.accept(List.of(2L), T0);
    assertThat(cursor.openGaps(T0.plusSeconds(29))).containsExactly(1L);
    assertThat(cursor.openGaps(T0.plusSeconds(31))).isEmpty();
    assertThat(cursor.accept(List.of(1L), T0.plusSeconds(32))).as("too late: the gap expired").isEmpty();
  }

  @Test
  void remembersAtMostTheConfiguredNumberOfGaps() {
    EventCursor cursor = new EventCursor(0, Duration.ofSeconds(30), 3);
    cursor.accept(List.of(100L), T0);
    assertThat(cursor.openGaps(T0)).hasSize(3);
    assertThat(cursor.last()).isEqualTo(100);
  }
}
