package io.tern.scheduler.schedule;

import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.api.StateConflictException;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.queue.JobService;
import io.tern.scheduler.job.JobSubmissionValidator;
import io.tern.scheduler.job.SubmitJobRequest;
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
 * caught up).
 */
@Service
public class ScheduleService {

  private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);
  static final String GROUP = "tern-schedules";
  static final String SCHEDULE_ID = "scheduleId";
  private static final int NEXT_FIRE_TIMES = 5;

  private final ScheduleRepository schedules;
  private final JobSubmissionValidator validator;
  private final JobService jobService;
  private final JobEventLog events;
  private final Scheduler quartz;
  private final RetryingTransaction tx;
  private final JsonMapper json;
  private final Clock clock;

  public ScheduleService(ScheduleRepository schedules, JobSubmissionValidator validator, JobService jobService,
      JobEventLog events, Scheduler quartz, RetryingTransaction tx, JsonMapper json, Clock clock) {
    this.schedules = schedules;
    this.validator = validator;
    this.jobService = jobService;
    this.events = events;
    this.quartz = quartz;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
  }

  /** Creates a schedule (validated first: cron, zone, template). */
  @Transactional
  public ScheduleView create(ScheduleRequest request, String owner) {
    CronExpression cron = cron(request.cron(), zone(request.timeZone()));
    validator.toSpec(request.template());
    Labels.validated(request.template().constraints(), "template.constraints");
    if (schedules.findByName(request.name().strip()).isPresent()) {
      throw new StateConflictException("A schedule called '" + request.name().strip() + "' exists already.");
    }
    ScheduleEntity s = new ScheduleEntity(request.name().strip(), request.cron().strip(), cron.getTimeZone().getID(),
        owner, json.writeValueAsString(request.template()), clock.instant());
    s.setPaused(Boolean.TRUE.equals(request.paused()));
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

  /** Pauses (true) or resumes (false) a schedule; no change if it is already so. */
  public ScheduleView setPaused(long id, boolean paused, String actor) {
    return tx.run("Schedule " + id, () -> {
      ScheduleEntity s = load(id);
    if (s.isPaused() != paused) {
      s.setPaused(paused);
      try {
        if (paused) {
          quartz.pauseTrigger(triggerKey(id));
        } else {
          quartz.resumeTrigger(triggerKey(id));
        }
      } catch (SchedulerException e) {
        throw new IllegalStateException("Quartz refused to " + (paused ? "pause" : "resume") + ": " + e.getMessage(), e);
      }
      log.info("Schedule '{}' {} by {}", s.getName(), paused ? "paused" : "resumed", actor);
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

  /** A firing: submits the template as the schedule's owner (skipped while paused or once deleted). */
  public void fire(long id, Instant fireTime) {
    ScheduleEntity s = schedules.findById(id).orElse(null);
    if (s == null || s.isPaused()) {
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
        json.readTree(s.getTemplate()), s.isPaused(), s.getCreatedAt(), s.getLastFiredAt(), s.getLastJobId(), next);
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
