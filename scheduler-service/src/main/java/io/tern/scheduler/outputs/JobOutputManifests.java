package io.tern.scheduler.outputs;

import io.tern.scheduler.checkpoint.RetainedManifests;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.tx.RetryingTransaction;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The manifests of completed jobs' published output files: the chunk collector keeps their packs
 * while the job exists. Packs a worker writes for outputs it has not reported yet are younger than
 * the chunk grace period; the chunks they reuse belong to the job's checkpoints until it completes.
 */
@Component
public class JobOutputManifests implements RetainedManifests {

  private final JobRepository jobs;
  private final RetryingTransaction tx;

  public JobOutputManifests(JobRepository jobs, RetryingTransaction tx) {
    this.jobs = jobs;
    this.tx = tx;
  }

  @Override
  public Collection<String> manifestKeys() {
    return tx.readOnly("Job output manifests", () -> List.copyOf(jobs.findOutputsManifestKeys()));
  }
}
