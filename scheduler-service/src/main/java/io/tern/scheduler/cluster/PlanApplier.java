package io.tern.scheduler.cluster;

import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.drain.DrainPlanner;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.placement.PlacementPlanner;
import io.tern.scheduler.placement.QueuedJob;
import io.tern.scheduler.rebalance.RebalancePlanner;
import io.tern.scheduler.settings.OperationSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One scheduling round over one {@link ClusterSnapshot} (plain Java, no framework): every planner
 * proposes a {@link Plan} over the same snapshot — drains, placement, then, when asked, rebalancing —
 * and the applier accepts their steps in that order, each only if it keeps every cluster-wide limit
 * given what the steps accepted before it already use:
 *
 * <ul>
 *   <li>capacity: no placement or rebalance target takes a worker past its free slots or memory, and
 *       only eligible workers receive work;
 *   <li>migrations: drains and the rebalancer together never have more than {@code
 *       maxParallelMigrations} moves in flight, counting the moves already under way;
 *   <li>one step per attempt or job per round, on attempts that are live and not already moving.
 * </ul>
 *
 * Accepted steps are written through {@link ClusterWrites}; refused ones are reported in the outcome
 * and planned again from the next round's snapshot.
 */
public final class PlanApplier {

  private final DrainPlanner drainPlanner = new DrainPlanner();
  private final PlacementPlanner placementPlanner = new PlacementPlanner();
  private final RebalancePlanner rebalancePlanner = new RebalancePlanner();

  /**
   * Plans and applies one round.
   *
   * @param rebalance whether this round also runs the rebalancer (it does nothing while it is off)
   */
  public RoundOutcome apply(ClusterSnapshot snapshot, boolean rebalance, ClusterWrites writes) {
    List<Plan> plans = new ArrayList<>();
    plans.add(vacateDeadlinePlan(snapshot));
    plans.addAll(drainPlans(snapshot));
    plans.add(placementPlan(snapshot));
    if (rebalance && snapshot.settings().rebalanceEnabled()) {
      plans.add(rebalancePlan(snapshot));
    }
    return new Round(snapshot, writes).apply(plans);
  }

  /**
   * Stops every attempt that was asked to checkpoint and stop and had not by its vacate deadline (a
   * job stuck in a step never reaches its next checkpoint): without a new checkpoint, its job
   * continues from its latest committed one, held or moved as ordered.
   */
  Plan vacateDeadlinePlan(ClusterSnapshot snapshot) {
    List<PlanStep> steps = snapshot.attempts().stream()
        .filter(a -> a.vacateOverdue(snapshot.now()))
        .map(a -> (PlanStep) new PlanStep.StopOverdue(a.id(), a.vacateDeadline()))
        .toList();
    return new Plan("vacate deadlines", steps);
  }

  /** One plan per drain in progress. */
  List<Plan> drainPlans(ClusterSnapshot snapshot) {
    Map<Long, ClusterSnapshot.Attempt> live = byId(snapshot);
    List<Plan> plans = new ArrayList<>();
    for (ClusterSnapshot.Drain drain : snapshot.drains()) {
      List<DrainPlanner.DrainedAttempt> view = drain.attemptIds().stream()
          .map(id -> live.containsKey(id)
              ? new DrainPlanner.DrainedAttempt(id, true, live.get(id).desired())
              : new DrainPlanner.DrainedAttempt(id, false, DesiredState.KILL))
          .toList();
      DrainPlanner.Step step = drainPlanner.next(drain.mode(), drain.deadline(), view, snapshot.movesInFlight(),
          snapshot.settings().maxParallelMigrations(), snapshot.now());
      List<PlanStep> steps = new ArrayList<>();
      step.vacate().forEach(id -> steps.add(new PlanStep.Vacate(id, JobEventType.DRAIN_MOVE, drain.origin(), null)));
      step.stopNow().forEach(id -> steps.add(new PlanStep.Stop(id, drain, step.deadlinePassed())));
      if (step.deadlinePassed()) {
        steps.add(new PlanStep.DeadlinePassed(drain, step.stopNow().size()));
      }
      if (step.complete()) {
        steps.add(new PlanStep.CompleteDrain(drain));
      }
      plans.add(new Plan("drain " + drain.id(), steps));
    }
    return plans;
  }

  Plan placementPlan(ClusterSnapshot snapshot) {
    List<PlanStep> steps = placementPlanner.plan(snapshot.queued(), snapshot.capacities(), snapshot.now()).stream()
        .map(p -> (PlanStep) new PlanStep.Place(p.jobId(), p.workerId()))
        .toList();
    return new Plan("placement", steps);
  }

  /**
   * The rebalancer's moves: between eligible workers, whose load counts their live attempts and the
   * queued jobs already moved to them; of RUNNING jobs whose running attempt is not being stopped.
   */
  Plan rebalancePlan(ClusterSnapshot snapshot) {
    OperationSettings s = snapshot.settings();
    Map<Long, ClusterSnapshot.Attempt> live = byId(snapshot);
    Map<Long, Integer> used = new HashMap<>();
    snapshot.attempts().forEach(a -> used.merge(a.workerId(), a.slots(), Integer::sum));
    snapshot.queued().stream().filter(q -> q.targetWorkerId() != null)
        .forEach(q -> used.merge(q.targetWorkerId(), q.slots(), Integer::sum));
    Set<Long> eligible = snapshot.workers().stream().filter(ClusterSnapshot.Worker::eligible)
        .map(ClusterSnapshot.Worker::id).collect(Collectors.toSet());
    List<RebalancePlanner.Worker> workers = snapshot.workers().stream()
        .filter(ClusterSnapshot.Worker::eligible)
        .map(w -> new RebalancePlanner.Worker(w.id(), w.name(), w.slots(), used.getOrDefault(w.id(), 0)))
        .toList();
    List<RebalancePlanner.Job> jobs = snapshot.running().stream()
        .filter(j -> !j.holdRequested())
        .filter(j -> {
          ClusterSnapshot.Attempt a = live.get(j.attemptId());
          return a != null && a.state() == AttemptState.RUNNING && a.desired() == DesiredState.RUN
              && eligible.contains(a.workerId());
        })
        .map(j -> {
          ClusterSnapshot.Attempt a = live.get(j.attemptId());
          return new RebalancePlanner.Job(j.jobId(), a.id(), a.workerId(), a.slots(), j.imageBytes(), j.imageAt(),
              j.lastMovedAt());
        })
        .toList();
    RebalancePlanner.Limits limits = new RebalancePlanner.Limits(s.rebalanceThreshold(),
        Duration.ofSeconds(s.rebalanceCooldownSeconds()), s.rebalanceMaxMoves(), s.maxParallelMigrations(),
        snapshot.movesInFlight());
    List<PlanStep> steps = rebalancePlanner.plan(workers, jobs, limits, snapshot.now()).stream()
        .map(m -> (PlanStep) new PlanStep.Vacate(m.attemptId(), JobEventType.REBALANCE_MOVE, m.reason(),
            m.toWorkerId()))
        .toList();
    return new Plan("rebalance", steps);
  }

  private static Map<Long, ClusterSnapshot.Attempt> byId(ClusterSnapshot snapshot) {
    return snapshot.attempts().stream().collect(Collectors.toMap(ClusterSnapshot.Attempt::id, Function.identity()));
  }

  /** The checks and writes of one round. */
  private static final class Round {

    private final ClusterWrites writes;
    private final ClusterLedger ledger;
    private final Map<Long, ClusterSnapshot.Attempt> attempts;
    private final Map<Long, QueuedJob> queued;
    private final Set<Long> touchedAttempts = new HashSet<>();
    private final Set<Long> touchedJobs = new HashSet<>();
    private final List<String> rejected = new ArrayList<>();
    private int placed;
    private int vacated;
    private int stopped;
    private int drainsCompleted;

    Round(ClusterSnapshot snapshot, ClusterWrites writes) {
      this.writes = writes;
      this.ledger = new ClusterLedger(snapshot);
      this.attempts = byId(snapshot);
      this.queued = snapshot.queued().stream().collect(Collectors.toMap(QueuedJob::jobId, Function.identity()));
    }

    RoundOutcome apply(List<Plan> plans) {
      for (Plan plan : plans) {
        for (PlanStep step : plan.steps()) {
          String refusal = check(step);
          if (refusal != null) {
            rejected.add(plan.planner() + ": " + step + " refused: " + refusal);
          } else {
            write(step);
          }
        }
      }
      return new RoundOutcome(placed, vacated, stopped, drainsCompleted, rejected);
    }

    /** Why {@code step} would break a limit, or null when it may be written. */
    private String check(PlanStep step) {
      if (step instanceof PlanStep.Place p) {
        QueuedJob job = queued.get(p.jobId());
        if (job == null || touchedJobs.contains(p.jobId())) {
          return "the job is not queued";
        }
        return ledger.fits(p.workerId(), job.slots(), job.memoryMb()) ? null
            : "worker " + p.workerId() + " has not " + job.slots() + " slot(s) and " + job.memoryMb() + " MB free";
      }
      if (step instanceof PlanStep.Vacate v) {
        ClusterSnapshot.Attempt a = attempts.get(v.attemptId());
        if (a == null || a.desired() != DesiredState.RUN || touchedAttempts.contains(a.id())) {
          return "the attempt is not running as desired";
        }
        if (!ledger.mayStartMove()) {
          return ledger.movesInFlight() + " move(s) in flight, the cap";
        }
        if (v.targetWorkerId() != null && !ledger.fits(v.targetWorkerId(), a.slots(), a.memoryMb())) {
          return "target worker " + v.targetWorkerId() + " has not " + a.slots() + " slot(s) and " + a.memoryMb()
              + " MB free";
        }
        return null;
      }
      if (step instanceof PlanStep.Stop s) {
        return attempts.containsKey(s.attemptId()) && !touchedAttempts.contains(s.attemptId()) ? null
            : "the attempt is not live";
      }
      if (step instanceof PlanStep.StopOverdue s) {
        return attempts.containsKey(s.attemptId()) && !touchedAttempts.contains(s.attemptId()) ? null
            : "the attempt is not live";
      }
      return null;
    }

    private void write(PlanStep step) {
      if (step instanceof PlanStep.Place p) {
        QueuedJob job = queued.get(p.jobId());
        ledger.take(p.workerId(), job.slots(), job.memoryMb());
        touchedJobs.add(p.jobId());
        writes.place(p);
        placed++;
      } else if (step instanceof PlanStep.Vacate v) {
        ClusterSnapshot.Attempt a = attempts.get(v.attemptId());
        if (v.targetWorkerId() != null) {
          ledger.take(v.targetWorkerId(), a.slots(), a.memoryMb());
        }
        ledger.vacated(a.state());
        touchedAttempts.add(a.id());
        writes.vacate(v);
        vacated++;
      } else if (step instanceof PlanStep.Stop s) {
        touchedAttempts.add(s.attemptId());
        writes.stop(s);
        stopped++;
      } else if (step instanceof PlanStep.StopOverdue s) {
        touchedAttempts.add(s.attemptId());
        writes.stopOverdue(s);
        stopped++;
      } else if (step instanceof PlanStep.DeadlinePassed d) {
        writes.deadlinePassed(d);
      } else if (step instanceof PlanStep.CompleteDrain c) {
        writes.completeDrain(c);
        drainsCompleted++;
      }
    }
  }
}
