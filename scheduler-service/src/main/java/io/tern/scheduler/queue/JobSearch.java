package io.tern.scheduler.queue;

import io.tern.scheduler.job.JobEntity;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.worker.WorkerEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Nulls;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Repository;

/**
 * Filtered, sorted pages of {@code jobs}, built with the JPA Criteria API: user input only ever
 * reaches the database as bound parameters, and the sort column comes from {@link JobSortField}, never
 * from the request text. Indexes for the common filters are in migration V7.
 */
@Repository
public class JobSearch {

  /** One page of jobs and how many jobs match in all. */
  public record Result(List<JobEntity> items, long total) {}

  private final EntityManager entityManager;

  public JobSearch(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * The page {@code query} asks for.
   *
   * @param query filters, order and page
   * @param visibleOwner when not null, only this owner's jobs exist for the caller
   */
  public Result find(JobListQuery query, String visibleOwner) {
    if (visibleOwner != null && query.owner() != null && !visibleOwner.equals(query.owner())) {
      return new Result(List.of(), 0); // another owner's jobs are invisible, as if there were none
    }
    String owner = visibleOwner != null ? visibleOwner : query.owner();
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();

    CriteriaQuery<JobEntity> select = cb.createQuery(JobEntity.class);
    Root<JobEntity> job = select.from(JobEntity.class);
    select.select(job).where(filters(cb, job, query, owner)).orderBy(order(cb, job, query.sort()));
    List<JobEntity> items = entityManager.createQuery(select)
        .setFirstResult(Math.toIntExact(Math.min(query.offset(), Integer.MAX_VALUE)))
        .setMaxResults(query.size())
        .getResultList();

    return new Result(items, total(cb, query, owner, items.size()));
  }

  private long total(CriteriaBuilder cb, JobListQuery query, String owner, int returned) {
    // a page that is not full, and is not past the end, tells the total without counting
    if (returned < query.size() && (returned > 0 || query.page() == 0)) {
      return query.offset() + returned;
    }
    CriteriaQuery<Long> count = cb.createQuery(Long.class);
    Root<JobEntity> job = count.from(JobEntity.class);
    count.select(cb.count(job)).where(filters(cb, job, query, owner));
    return entityManager.createQuery(count).getSingleResult();
  }

  private static Predicate[] filters(CriteriaBuilder cb, Root<JobEntity> job, JobListQuery query, String owner) {
    List<Predicate> where = new ArrayList<>();
    if (owner != null) {
      where.add(cb.equal(job.get("owner"), owner));
    }
    if (query.state() != null) {
      where.add(cb.equal(job.get("state"), query.state()));
    }
    if (query.nameContains() != null) {
      String pattern = "%" + escapeLike(query.nameContains()) + "%";
      where.add(cb.like(cb.lower(job.get("name")), cb.lower(cb.literal(pattern)), '\\'));
    }
    return where.toArray(Predicate[]::new);
  }

  private static List<Order> order(CriteriaBuilder cb, Root<JobEntity> job, JobSort sort) {
    JobSortField field = sort.field();
    Expression<?> key = switch (field) {
      case ID -> job.get("id");
      case NAME -> job.get("name");
      case OWNER -> job.get("owner");
      case STATE -> job.get("state");
      case TYPE -> job.get("type");
      case PRIORITY -> job.get("priority");
      case PROGRESS -> job.get("progress");
      case SUBMITTED_AT -> job.get("submittedAt");
      case STARTED_AT -> job.get("startedAt");
      case FINISHED_AT -> job.get("finishedAt");
      case WORKER -> currentWorker(cb, job).get("name");
    };
    List<Order> orders = new ArrayList<>(2);
    if (field != JobSortField.ID) {
      if (field.isNullable()) {
        // an empty value is the smallest, as the dashboard shows it
        orders.add(sort.ascending() ? cb.asc(key, Nulls.FIRST) : cb.desc(key, Nulls.LAST));
      } else {
        orders.add(sort.ascending() ? cb.asc(key) : cb.desc(key));
      }
    }
    orders.add(sort.ascending() ? cb.asc(job.get("id")) : cb.desc(job.get("id")));
    return orders;
  }

  /** The worker of the job's current attempt (none before the first placement). */
  private static Join<AttemptEntity, WorkerEntity> currentWorker(CriteriaBuilder cb, Root<JobEntity> job) {
    Join<JobEntity, AttemptEntity> attempt = job.join(AttemptEntity.class, JoinType.LEFT);
    attempt.on(cb.equal(attempt.get("id"), job.get("currentAttemptId")));
    Join<AttemptEntity, WorkerEntity> worker = attempt.join(WorkerEntity.class, JoinType.LEFT);
    worker.on(cb.equal(worker.get("id"), attempt.get("workerId")));
    return worker;
  }

  /** {@code text} with the LIKE wildcards and the escape character taken literally. */
  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
