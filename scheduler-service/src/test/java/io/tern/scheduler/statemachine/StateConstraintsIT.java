package io.tern.scheduler.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.artifact.ArtifactKind;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.drain.DrainMode;
import io.tern.scheduler.drain.DrainState;
import io.tern.scheduler.job.JobState;
import io.tern.scheduler.security.Role;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.worker.WorkerState;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each enum stored in a column is mirrored by a CHECK constraint of the migrated schema: a value
 * added to one and not the other fails here, not at the first insert in production.
 */
@SchedulerIT
class StateConstraintsIT {

  private static final Pattern QUOTED = Pattern.compile("'([A-Z_]+)'");

  @Autowired JdbcTemplate jdbc;

  static Stream<Arguments> mirroredEnums() {
    return Stream.of(
        Arguments.of("jobs_state_check", JobState.class),
        Arguments.of("attempts_state_check", AttemptState.class),
        Arguments.of("attempts_desired_check", DesiredState.class),
        Arguments.of("checkpoints_state_check", CheckpointState.class),
        Arguments.of("drains_state_check", DrainState.class),
        Arguments.of("drains_mode_check", DrainMode.class),
        Arguments.of("workers_state_check", WorkerState.class),
        Arguments.of("api_tokens_role_check", Role.class),
        Arguments.of("artifact_uploads_kind_check", ArtifactKind.class));
  }

  @ParameterizedTest
  @MethodSource("mirroredEnums")
  void theCheckConstraintAllowsExactlyTheEnumsValues(String constraint, Class<? extends Enum<?>> type) {
    String definition = jdbc.queryForObject(
        "select pg_get_constraintdef(oid) from pg_constraint where conname = ?", String.class, constraint);
    Set<String> allowed = new TreeSet<>();
    Matcher m = QUOTED.matcher(definition);
    while (m.find()) {
      allowed.add(m.group(1));
    }
    Set<String> values = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    assertThat(allowed).as("%s: %s", constraint, definition).isEqualTo(values);
  }
}
