package io.tern.scheduler.schedule;

import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.api.StateConflictException;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.queue.JobService;
import io.tern.scheduler.job.JobSubmissionValidator;
import io.tern.scheduler.job.SubmitJobRequest;
import io.tern.scheduler.artifact.JobArtifacts;
import io.tern.scheduler.security.Caller;
import io.tern.scheduler.security.Role;
import io.tern.scheduler.limits.LimitSettingsService;
import io.tern.scheduler.token.ApiTokenEntity;
import io.tern.scheduler.token.ApiTokenRepository;
import io.tern.scheduler.placement.Labels;
import io.tern.scheduler.tx.RetryingTransaction;
import java.text.ParseException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recurring submissions: each schedule is a row in {@code schedules} and a Quartz cron trigger in
 * the clustered JDBC job store (written in the same transaction), so exactly one scheduler replica
 * submits the template at each firing. A firing missed while no replica ran is skipped (not
 * caught up). A cron may not fire more often than {@code minScheduleIntervalSeconds} of the limits.
 * A schedule fires only while the API token of whoever created or last resumed it is valid: the
 * first firing after that token was revoked or expired pauses the schedule with the reason instead.
 */
@Service
public class ScheduleService {

  private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);
  static final String GROUP = "tern-schedules";
  static final String SCHEDULE_ID = "scheduleId";
  private static final int NEXT_FIRE_TIMES = 5;
  /** Firings looked at to find a cron's shortest interval. */
  private static final int INTERVAL_SAMPLE = 1000;

  private final ScheduleRepository schedules;
  private final JobSubmissionValidator validator;
  private final JobService jobService;
  private final JobEventLog events;
  private final Scheduler quartz;
  private final RetryingTransaction tx;
  private final JsonMapper json;
  private final Clock clock;
  private final LimitSettingsService limits;
  private final ApiTokenRepository tokens;

  private final JobArtifacts artifacts;

  public ScheduleService(ScheduleRepository schedules, JobSubmissionValidator validator, JobService jobService,
      JobEventLog events, Scheduler quartz, RetryingTransaction tx, JsonMapper json, Clock clock,
      LimitSettingsService limits, ApiTokenRepository tokens, JobArtifacts artifacts) {
    this.artifacts = artifacts;
    this.limits = limits;
    this.tokens = tokens;
    this.schedules = schedules;
    this.validator = validator;
    this.jobService = jobService;
    this.events = events;
    this.quartz = quartz;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Creates a schedule (validated first: cron and its interval, zone, template) that submits as
   * {@code owner} while API token {@code tokenId} is valid (null: not tied to a token).
   */
  @Transactional
  public ScheduleView create(ScheduleRequest request, String owner, Long tokenId) {
    CronExpression cron = cron(request.cron(), zone(request.timeZone()));
    requireMinimumInterval(cron);
    String entryClass = validator.toSpec(request.template()).entryClass();
    // schedules are an operator's: any stored artifact may be named
    artifacts.resolve(new Caller(owner, Role.OPERATOR), request.template().artifacts(), entryClass, List.of());
    Labels.validated(request.template().constraints(), "template.constraints");
    if (schedules.findByName(request.name().strip()).isPresent()) {
      throw new StateConflictException("A schedule called '" + request.name().strip() + "' exists already.");
    }
    ScheduleEntity s = new ScheduleEntity(request.name().strip(), request.cron().strip(), cron.getTimeZone().getID(),
        owner, json.writeValueAsString(request.template()), clock.instant());
    s.setPaused(Boolean.TRUE.equals(request.paused()));
    s.firesAs(owner, tokenId);
    s = schedules.saveAndFlush(s);
    try {
      quartz.scheduleJob(
          JobBuilder.newJob(ScheduledSubmissionJob.class).withIdentity(key(s.getId()))
              .usingJobData(SCHEDULE_ID, s.getId()).withDescription("schedule " + s.getName()).build(),
          TriggerBuilder.newTrigger().withIdentity(triggerKey(s.getId()))
              .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionDoNothing())
              .build());
      if (s.isPaused()) {
        quartz.pauseTrigger(triggerKey(s.getId()));
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz refused the schedule: " + e.getMessage(), e);
    }
    log.info("Schedule '{}' ({} {}) created by {}", s.getName(), s.getCron(), s.getTimeZone(), owner);
    return view(s);
  }

  /** All schedules by name. */
  @Transactional(readOnly = true)
  public List<ScheduleView> list() {
    return schedules.findAllByOrderByNameAsc().stream().map(this::view).toList();
  }

  /** One schedule. */
  @Transactional(readOnly = true)
  public ScheduleView get(long id) {
    return view(load(id));
  }

  /** Pauses a schedule; no change if it is paused already. */
  public ScheduleView pause(long id, String actor) {
    return tx.run("Schedule " + id, () -> {
      ScheduleEntity s = load(id);
      if (!s.isPaused()) {
        s.setPaused(true);
        trigger(id, true);
        log.info("Schedule '{}' paused by {}", s.getName(), actor);
      }
      return view(s);
    });
  }

  /**
   * Resumes a schedule; from now on it submits as {@code owner} while API token {@code tokenId} is
   * valid (the caller who resumed it).
   */
  public ScheduleView resume(long id, String owner, Long tokenId) {
    return tx.run("Schedule " + id, () -> {
      ScheduleEntity s = load(id);
      s.firesAs(owner, tokenId);
      if (s.isPaused()) {
        s.setPaused(false);
        trigger(id, false);
        log.info("Schedule '{}' resumed by {}", s.getName(), owner);
      }
      return view(s);
    });
  }

  /** Deletes a schedule; jobs it submitted stay. */
  @Transactional
  public void delete(long id, String actor) {
    ScheduleEntity s = load(id);
    try {
      quartz.deleteJob(key(id));
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz refused to delete: " + e.getMessage(), e);
    }
    schedules.deleteNow(id);
    log.info("Schedule '{}' deleted by {}", s.getName(), actor);
  }

  /**
   * A firing: submits the template as the schedule's owner (skipped while paused or once deleted).
   * When the token it fires with is revoked or expired, the schedule pauses itself instead.
   */
  public void fire(long id, Instant fireTime) {
    ScheduleEntity s = schedules.findById(id).orElse(null);
    if (s == null || s.isPaused()) {
      return;
    }
    String invalid = invalidToken(s.getCreatorTokenId());
    if (invalid != null) {
      tx.run("Schedule " + id, () -> schedules.findById(id).ifPresent(e -> {
        e.pausedBecause("Paused itself at " + clock.instant() + " instead of firing: " + invalid
            + ". Resume it (as an operator with a valid token) to let it fire as you.");
        trigger(id, true);
      }));
      log.warn("Schedule '{}' paused itself: {}", s.getName(), invalid);
      return;
    }
    SubmitJobRequest template = json.readValue(s.getTemplate(), SubmitJobRequest.class);
    long jobId = jobService.submit(template, s.getOwner(), job -> {
      job.setScheduleId(id);
      events.record(job.getId(), JobEventType.SCHEDULED_SUBMISSION, "Submitted by schedule '" + s.getName() + "' ("
          + s.getCron() + ", " + s.getTimeZone() + ") firing at " + fireTime + ".");
    });
    tx.run("Schedule " + id, () -> schedules.findById(id).ifPresent(e -> e.fired(jobId, clock.instant())));
  }

  /** Why API token {@code tokenId} no longer allows firing, or null when it does (or there is none). */
  private String invalidToken(Long tokenId) {
    if (tokenId == null) {
      return null;
    }
    ApiTokenEntity token = tokens.findById(tokenId).orElse(null);
    Instant now = clock.instant();
    if (token == null) {
      return "the API token it fires with (id " + tokenId + ") no longer exists";
    }
    if (token.getRevokedAt() != null) {
      return "the API token it fires with, '" + token.getName() + "', was revoked at " + token.getRevokedAt();
    }
    if (!token.isValidAt(now)) {
      return "the API token it fires with, '" + token.getName() + "', expired at " + token.getExpiresAt();
    }
    return null;
  }

  private void trigger(long id, boolean paused) {
    try {
      if (paused) {
        quartz.pauseTrigger(triggerKey(id));
      } else {
        quartz.resumeTrigger(triggerKey(id));
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz refused to " + (paused ? "pause" : "resume") + ": " + e.getMessage(), e);
    }
  }

  /** Refuses a cron two of whose next firings are closer than the minimum interval. */
  private void requireMinimumInterval(CronExpression cron) {
    long minSeconds = limits.current().minScheduleIntervalSeconds();
    Date previous = cron.getNextValidTimeAfter(Date.from(clock.instant()));
    for (int i = 0; previous != null && i < INTERVAL_SAMPLE; i++) {
      Date next = cron.getNextValidTimeAfter(previous);
      if (next != null && next.getTime() - previous.getTime() < minSeconds * 1000) {
        throw new InvalidRequestException("'cron' fires every " + (next.getTime() - previous.getTime()) / 1000
            + " s at times (e.g. " + previous.toInstant() + " and " + next.toInstant() + "); schedules may fire at most"
            + " once every " + minSeconds + " seconds (minScheduleIntervalSeconds of /api/v1/settings/limits).");
      }
      previous = next;
    }
  }

  private ScheduleView view(ScheduleEntity s) {
    List<Instant> next = new ArrayList<>();
    if (!s.isPaused()) {
      CronExpression cron = cron(s.getCron(), ZoneId.of(s.getTimeZone()));
      Date t = Date.from(clock.instant());
      for (int i = 0; i < NEXT_FIRE_TIMES; i++) {
        t = cron.getNextValidTimeAfter(t);
        if (t == null) {
          break;
        }
        next.add(t.toInstant());
      }
    }
    return new ScheduleView(s.getId(), s.getName(), s.getCron(), s.getTimeZone(), s.getOwner(),
        json.readTree(s.getTemplate()), s.isPaused(), s.getPausedReason(), s.getCreatedAt(), s.getLastFiredAt(), s.getLastJobId(), next);
  }

  private ScheduleEntity load(long id) {
    return schedules.findById(id).orElseThrow(() -> new NotFoundException("Schedule", id));
  }

  private static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timeZone.strip());
    } catch (DateTimeException e) {
      throw new InvalidRequestException("'timeZone' is not a known time zone: '" + timeZone + "' (use e.g. Europe/Paris).");
    }
  }

  private static CronExpression cron(String expression, ZoneId zone) {
    try {
      CronExpression cron = new CronExpression(expression.strip());
      cron.setTimeZone(TimeZone.getTimeZone(zone));
      return cron;
    } catch (ParseException e) {
      throw new InvalidRequestException("'cron' is not a valid Quartz cron expression (seconds minutes hours"
          + " day-of-month month day-of-week [year], e.g. '0 0 2 * * ?'): " + e.getMessage());
    }
  }

  static JobKey key(long id) {
    return JobKey.jobKey("schedule-" + id, GROUP);
  }

  static TriggerKey triggerKey(long id) {
    return TriggerKey.triggerKey("schedule-" + id, GROUP);
  }
}
