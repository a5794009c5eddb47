package io.tern.scheduler.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.protocol.Assignment;
import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.CheckpointCorrupt;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test acting as a worker: registers with the join token, then speaks the worker protocol over
 * HTTP with the id and secret it was given (registering again included).
 */
public final class FakeWorker {

  private final TernClient anonymous;
  private final String name;
  private final int slots;
  private final Map<String, String> labels;
  private TernClient api;
  private long id;
  private String secret;

  public FakeWorker(TernClient api, String name, int slots) {
    this(api, name, slots, Map.of());
  }

  /** A worker that registers with {@code labels}. */
  public FakeWorker(TernClient api, String name, int slots, Map<String, String> labels) {
    this.anonymous = api.withAuthorization(null);
    this.api = anonymous;
    this.name = name;
    this.slots = slots;
    this.labels = labels;
  }

  /**
   * Registers: the first time with the join token, again with its own id and secret (a live worker's
   * name needs its current secret); the previous secret stops working.
   */
  public RegisterResponse register() {
    Response r = tryRegister();
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    RegisterResponse answer = api.as(r.body(), RegisterResponse.class);
    id = answer.workerId();
    secret = answer.workerSecret();
    api = anonymous.withBasic(id, secret);
    return answer;
  }

  /** Sends the registration ({@link #register()}) and answers the response, whatever it is. */
  public Response tryRegister() {
    TernClient caller = secret == null ? anonymous.withBearer(TestCredentials.JOIN_TOKEN) : api;
    return caller.post("/internal/v1/workers/register", new RegisterRequest(name, slots, 4096, labels, "test"));
  }

  /** The worker's id. */
  public long id() {
    return id;
  }

  /** The worker's current secret. */
  public String secret() {
    return secret;
  }

  /** A client that sends this worker's credentials. */
  public TernClient client() {
    return api;
  }

  /**
   * Long-polls for orders ({@code POST …/orders?waitMillis=}), telling the scheduler which attempts it
   * runs, as a worker that does not say which it is stopping (waits for new assignments only).
   */
  public WorkerOrders orders(long waitMillis, Long... running) {
    return orders(waitMillis, new io.tern.protocol.OrdersRequest(List.of(running)));
  }

  /** Long-polls for orders, telling the scheduler which attempts it runs and which it is stopping. */
  public WorkerOrders orders(long waitMillis, List<Long> running, List<Long> stopping) {
    return orders(waitMillis, new io.tern.protocol.OrdersRequest(running, stopping));
  }

  private WorkerOrders orders(long waitMillis, io.tern.protocol.OrdersRequest request) {
    Response r = api.post("/internal/v1/workers/" + id + "/orders?waitMillis=" + waitMillis, request);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return api.as(r.body(), WorkerOrders.class);
  }

  public WorkerOrders heartbeat(Heartbeat.AttemptStatus... running) {
    Response r = api.post("/internal/v1/workers/" + id + "/heartbeat", new Heartbeat(List.of(running)));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return api.as(r.body(), WorkerOrders.class);
  }

  /** Heartbeats until an assignment for {@code jobId} arrives. */
  public Assignment awaitAssignment(long jobId) {
    AtomicReference<Assignment> found = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              heartbeat().assignments().stream().filter(a -> a.jobId() == jobId).findFirst().ifPresent(found::set);
              return found.get() != null;
            });
    return found.get();
  }

  public Response started(long attemptId, Long restoredFromSeq) {
    return api.post(attempt(attemptId) + "/started", new AttemptStarted(restoredFromSeq, 12, 3456, 0));
  }

  public Response beginCheckpoint(long attemptId) {
    return api.post(attempt(attemptId) + "/checkpoints", null);
  }

  public CheckpointBeginResponse beginCheckpointOk(long attemptId) {
    Response r = beginCheckpoint(attemptId);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return api.as(r.body(), CheckpointBeginResponse.class);
  }

  public Response commit(long attemptId, long seq, long step) {
    return api.put(
        attempt(attemptId) + "/checkpoints/" + seq, new CheckpointCommit(step, 7, 40, 1_000_000, 600_000, 500_000, 4, 1));
  }

  public Response abort(long attemptId, long seq) {
    return api.delete(attempt(attemptId) + "/checkpoints/" + seq);
  }

  public Response corrupt(long attemptId, long seq, String reason) {
    return api.post(attempt(attemptId) + "/checkpoints/" + seq + "/corrupt",
        new CheckpointCorrupt(reason, 0, null, "found by a restore"));
  }

  public Response finished(long attemptId, String outcome, String resultJson, String error, Integer exitCode) {
    return api.post(attempt(attemptId) + "/finished", new AttemptFinished(outcome, resultJson, error, exitCode));
  }

  /** SUCCEEDED with {@code resultJson}, naming the output files published as {@code outputsManifestKey}. */
  public Response succeeded(long attemptId, String resultJson, String outputsManifestKey) {
    return api.post(attempt(attemptId) + "/finished",
        new AttemptFinished(AttemptFinished.SUCCEEDED, resultJson, null, 0, outputsManifestKey));
  }

  private String attempt(long attemptId) {
    return "/internal/v1/workers/" + id + "/attempts/" + attemptId;
  }
}
