package io.tern.scheduler.support;

import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.drain.DrainState;
import io.tern.scheduler.job.JobState;
import io.tern.scheduler.statemachine.TransitionTable;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shows that the behaviour tests visit every transition of every scheduler lifecycle (job, attempt,
 * checkpoint, drain), instead of a state test restating the tables. Registered for every test class
 * (autodetected); when the last test of the run has finished it lists the transitions no test took
 * and, when {@code tern.lifecycle-coverage=enforce} (the build sets it for a full integration-test
 * run), fails the run with that list. A run of selected tests only reports.
 */
public final class LifecycleCoverage implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LifecycleCoverage.class);

  /** The lifecycles whose coverage is checked. */
  static final List<TransitionTable<?, ?>> TABLES =
      List.of(JobState.LIFECYCLE, AttemptState.LIFECYCLE, CheckpointState.LIFECYCLE, DrainState.LIFECYCLE);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Report.class, k -> new Report(), Report.class);
  }

  /** Closed by JUnit when the whole run ends. */
  static final class Report implements AutoCloseable {
    @Override
    public void close() {
      String unvisited = TABLES.stream()
          .filter(t -> !t.unvisited().isEmpty())
          .map(t -> t.name() + ": " + t.unvisited().stream()
              .map(x -> x.from() + " --" + x.event() + "--> " + x.to()).collect(Collectors.joining(", ")))
          .collect(Collectors.joining("\n  "));
      if (unvisited.isEmpty()) {
        System.out.println("Lifecycle coverage: every transition of job, attempt, checkpoint and drain was visited.");
        return;
      }
      String message = "Transitions no behaviour test visited:\n  " + unvisited;
      if ("enforce".equals(System.getProperty("tern.lifecycle-coverage"))) {
        throw new AssertionError(message);
      }
      System.out.println("Lifecycle coverage (not enforced in this run): " + message);
    }
  }
}
