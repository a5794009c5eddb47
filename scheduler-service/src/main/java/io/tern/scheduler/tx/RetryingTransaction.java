package io.tern.scheduler.tx;

import java.util.function.Supplier;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a new transaction and runs it again (up to {@value #ATTEMPTS} times in all) when a
 * conditional update lost a race. Work must re-read what it changes, which it does because each try
 * starts a fresh persistence context.
 */
@Component
public class RetryingTransaction {

  static final int ATTEMPTS = 3;

  private final TransactionTemplate template;
  private final TransactionTemplate readOnlyTemplate;

  public RetryingTransaction(PlatformTransactionManager transactionManager) {
    this.template = new TransactionTemplate(transactionManager);
    this.template.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    this.readOnlyTemplate = new TransactionTemplate(transactionManager);
    this.readOnlyTemplate.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    this.readOnlyTemplate.setReadOnly(true);
  }

  /** Runs {@code work} in a new read-only transaction (no retry: nothing is written). */
  public <T> T readOnly(String what, Supplier<T> work) {
    return readOnlyTemplate.execute(status -> work.get());
  }

  /**
   * Runs {@code work} transactionally.
   *
   * @param what names the resource for the error message, e.g. "Job 5"
   * @throws ConcurrentUpdateException when every try lost a race
   */
  public <T> T run(String what, Supplier<T> work) {
    OptimisticLockingFailureException last = null;
    for (int i = 0; i < ATTEMPTS; i++) {
      try {
        return template.execute(status -> work.get());
      } catch (OptimisticLockingFailureException e) {
        last = e;
      }
    }
    throw new ConcurrentUpdateException(what, last);
  }

  /** Like {@link #run(String, Supplier)} for work without a result. */
  public void run(String what, Runnable work) {
    run(
        what,
        () -> {
          work.run();
          return null;
        });
  }
}
