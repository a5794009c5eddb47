package io.tern.worker.scheduler;

import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.protocol.OrdersRequest;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.protocol.ShutdownDrainRequest;
import io.tern.protocol.ShutdownDrainResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SchedulerClient} over HTTP with the JDK's {@link HttpClient} and Jackson. Every request has a
 * timeout; a connection failure, a timeout or a 5xx answer becomes a {@link SchedulerUnavailableException}.
 *
 * <p>Credentials: every call but {@code register} sends the worker's id and secret as HTTP Basic
 * ({@code <workerId>:<secret>}). {@code register} sends them too when the worker has them (from
 * this life or, through its {@link CredentialsFile}, a previous one): the scheduler lets a live
 * worker's name be registered again only with its own secret. Without them, or when the scheduler no
 * longer knows them (401, 403), it sends the cluster's join token as a bearer token. Each answer
 * carries a new secret, kept in memory and saved in the file. A heartbeat the scheduler refuses with
 * 401 (it no longer knows this worker or its secret) is treated like {@code known=false}: the worker
 * registers again. Credentials are never logged nor put in exception messages.
 */
public final class HttpSchedulerClient implements SchedulerClient {

  /** Suffix of the problem {@code type} the scheduler uses for calls about a stale attempt. */
  public static final String STALE_ATTEMPT_TYPE_SUFFIX = "/stale-attempt";

  private static final String JSON = "application/json";

  private final URI base;
  private final HttpClient http;
  private final JsonMapper json;
  private final Duration requestTimeout;
  private final String joinToken;
  private final CredentialsFile saved;
  /** {@code Basic base64(<workerId>:<secret>)} from the latest registration; null before it. */
  private volatile String workerCredentials;

  /**
   * @param schedulerUrl the scheduler's base URL ({@code tern.worker.scheduler-url})
   * @param joinToken the cluster's join token ({@code tern.worker.join-token})
   * @param connectTimeout how long to wait for a TCP connection
   * @param requestTimeout how long to wait for a whole answer
   * @param saved where the id and secret of the latest registration are kept between lives
   */
  public HttpSchedulerClient(URI schedulerUrl, String joinToken, Duration connectTimeout, Duration requestTimeout,
      CredentialsFile saved) {
    this.joinToken = joinToken;
    this.saved = saved;
    this.workerCredentials = saved.load().map(HttpSchedulerClient::basic).orElse(null);
    String url = schedulerUrl.toString();
    this.base = URI.create((url.endsWith("/") ? url : url + "/") + "internal/v1/");
    this.http = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    this.requestTimeout = requestTimeout;
  }

  @Override
  public RegisterResponse register(RegisterRequest request) {
    RegisterResponse answer = null;
    String own = workerCredentials;
    if (own != null) {
      try {
        answer = call("POST", "workers/register", request, RegisterResponse.class, -1, own);
      } catch (SchedulerRejectedException e) {
        if (e.status() != 401 && e.status() != 403) {
          throw e;
        }
      }
    }
    if (answer == null) {
      answer = call("POST", "workers/register", request, RegisterResponse.class, -1, "Bearer " + joinToken);
    }
    if (answer.workerSecret() == null || answer.workerSecret().isBlank()) {
      throw new SchedulerRejectedException(200, "the scheduler's answer to register carries no worker secret");
    }
    CredentialsFile.Credentials credentials = new CredentialsFile.Credentials(answer.workerId(), answer.workerSecret());
    workerCredentials = basic(credentials);
    saved.save(credentials);
    return answer;
  }

  private static String basic(CredentialsFile.Credentials credentials) {
    String pair = credentials.workerId() + ":" + credentials.secret();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public WorkerOrders heartbeat(long workerId, Heartbeat heartbeat) {
    try {
      return call("POST", "workers/" + workerId + "/heartbeat", heartbeat, WorkerOrders.class, -1);
    } catch (SchedulerRejectedException e) {
      if (e.status() == 401) {
        return new WorkerOrders(false, List.of(), List.of());
      }
      throw e;
    }
  }

  @Override
  public WorkerOrders awaitOrders(long workerId, OrdersRequest running, Duration wait) {
    try {
      return call("POST", "workers/" + workerId + "/orders?waitMillis=" + wait.toMillis(), running,
          WorkerOrders.class, -1, workerCredentials, requestTimeout.plus(wait));
    } catch (SchedulerRejectedException e) {
      if (e.status() == 401) {
        return new WorkerOrders(false, List.of(), List.of());
      }
      throw e;
    }
  }

  @Override
  public void started(long workerId, long attemptId, AttemptStarted started) {
    call("POST", attempt(workerId, attemptId) + "/started", started, Void.class, attemptId);
  }

  @Override
  public CheckpointBeginResponse beginCheckpoint(long workerId, long attemptId) {
    return call("POST", attempt(workerId, attemptId) + "/checkpoints", null,
        CheckpointBeginResponse.class, attemptId);
  }

  @Override
  public void commitCheckpoint(long workerId, long attemptId, long seq, CheckpointCommit commit) {
    call("PUT", attempt(workerId, attemptId) + "/checkpoints/" + seq, commit, Void.class, attemptId);
  }

  @Override
  public void abortCheckpoint(long workerId, long attemptId, long seq) {
    call("DELETE", attempt(workerId, attemptId) + "/checkpoints/" + seq, null, Void.class, attemptId);
  }

  @Override
  public void abortCheckpoint(long workerId, long attemptId, long seq, String reason) {
    String why = reason == null ? "" : reason.length() > MAX_ABORT_REASON ? reason.substring(0, MAX_ABORT_REASON) : reason;
    call("DELETE", attempt(workerId, attemptId) + "/checkpoints/" + seq + "?reason="
        + java.net.URLEncoder.encode(why, java.nio.charset.StandardCharsets.UTF_8), null, Void.class, attemptId);
  }

  /** Longest abort reason sent (the scheduler accepts up to 500 characters). */
  static final int MAX_ABORT_REASON = 400;

  @Override
  public ShutdownDrainResponse drainForShutdown(long workerId, ShutdownDrainRequest request, Duration timeout) {
    return call("POST", "workers/" + workerId + "/drain", request, ShutdownDrainResponse.class, -1, workerCredentials,
        timeout);
  }

  @Override
  public void deregister(long workerId) {
    call("POST", "workers/" + workerId + "/deregister", null, Void.class, -1);
  }

  @Override
  public void reportCorruptCheckpoint(long workerId, long attemptId, long seq, io.tern.protocol.CheckpointCorrupt report) {
    call("POST", attempt(workerId, attemptId) + "/checkpoints/" + seq + "/corrupt", report, Void.class, attemptId);
  }

  @Override
  public void finished(long workerId, long attemptId, AttemptFinished finished) {
    call("POST", attempt(workerId, attemptId) + "/finished", finished, Void.class, attemptId);
  }

  private static String attempt(long workerId, long attemptId) {
    return "workers/" + workerId + "/attempts/" + attemptId;
  }

  private <T> T call(String method, String path, Object body, Class<T> answer, long attemptId) {
    return call(method, path, body, answer, attemptId, workerCredentials);
  }

  private <T> T call(String method, String path, Object body, Class<T> answer, long attemptId, String authorization) {
    return call(method, path, body, answer, attemptId, authorization, requestTimeout);
  }

  private <T> T call(String method, String path, Object body, Class<T> answer, long attemptId, String authorization,
      Duration timeout) {
    URI uri = base.resolve(path);
    String what = method + " " + uri;
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Accept", JSON + ", application/problem+json")
        .method(method, publisher);
    if (body != null) {
      request.header("Content-Type", JSON);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new SchedulerUnavailableException(what + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchedulerUnavailableException(what + " was interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return read(what, response.body(), answer);
    }
    Problem problem = problem(response.body());
    if (status >= 500) {
      throw new SchedulerUnavailableException(what + " answered " + status + problem.suffix(), null);
    }
    if (status == 409 && attemptId >= 0 && problem.type() != null
        && problem.type().endsWith(STALE_ATTEMPT_TYPE_SUFFIX)) {
      throw new StaleAttemptException(attemptId, problem.detail() != null ? problem.detail() : "409 from " + what);
    }
    throw new SchedulerRejectedException(status, what + " answered " + status + problem.suffix());
  }

  private <T> T read(String what, byte[] body, Class<T> answer) {
    if (answer == Void.class) {
      return null;
    }
    try {
      return json.readValue(body, answer);
    } catch (JacksonException e) {
      throw new SchedulerRejectedException(200, what + " answered a body that is not a "
          + answer.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  private Problem problem(byte[] body) {
    if (body == null || body.length == 0) {
      return new Problem(null, null);
    }
    try {
      JsonNode node = json.readTree(body);
      return new Problem(text(node, "type"), text(node, "detail"));
    } catch (JacksonException e) {
      String text = new String(body, StandardCharsets.UTF_8);
      return new Problem(null, text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private record Problem(String type, String detail) {
    String suffix() {
      return detail == null ? "" : ": " + detail;
    }
  }
}
