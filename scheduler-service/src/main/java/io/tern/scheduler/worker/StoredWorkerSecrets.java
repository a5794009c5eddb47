package io.tern.scheduler.worker;

import io.tern.scheduler.security.WorkerSecrets;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Worker secrets as stored with each worker (hashed; rotated at every registration). */
@Component
class StoredWorkerSecrets implements WorkerSecrets {

  private final WorkerRepository workers;

  StoredWorkerSecrets(WorkerRepository workers) {
    this.workers = workers;
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<String> secretHash(long workerId) {
    return workers.findById(workerId).map(WorkerEntity::getSecretHash);
  }
}
