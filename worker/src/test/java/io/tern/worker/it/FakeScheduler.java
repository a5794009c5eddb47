package io.tern.worker.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tern.image.ImageStore;
import io.tern.protocol.Assignment;
import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scheduler that speaks the documented worker protocol (ADR 0001) on the JDK's HTTP server and
 * records what the worker tells it; the test decides what to assign, kill or refuse.
 */
final class FakeScheduler implements AutoCloseable {

  static final long WORKER_ID = 5;
  static final long HEARTBEAT_MILLIS = 200;
  static final String STALE_TYPE = "https://tern.io/problems/stale-attempt";
  /** The join token the worker under test is configured with. */
  static final String JOIN_TOKEN = "test-join-token-" + java.util.UUID.randomUUID();
  /** The secret this scheduler hands out at registration. */
  static final String WORKER_SECRET = "tern_ws_" + java.util.UUID.randomUUID();
  private static final String WORKER_BASIC = "Basic " + java.util.Base64.getEncoder()
      .encodeToString((WORKER_ID + ":" + WORKER_SECRET).getBytes(StandardCharsets.UTF_8));

  private static final Pattern ATTEMPT_CALL =
      Pattern.compile("/internal/v1/workers/(\\d+)/attempts/(\\d+)/(started|finished|checkpoints)(?:/(\\d+)(/corrupt)?)?");

  /** A committed checkpoint as the scheduler recorded it. */
  record Commit(long seq, String manifestKey, CheckpointCommit metrics) {}

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final ConcurrentLinkedQueue<Assignment> toAssign = new ConcurrentLinkedQueue<>();
  private final Set<Long> toKill = ConcurrentHashMap.newKeySet();
  private final Map<Long, Long> jobOfAttempt = new ConcurrentHashMap<>();
  private final Map<Long, AtomicLong> seqOfJob = new ConcurrentHashMap<>();
  private final Map<String, String> pendingKeys = new ConcurrentHashMap<>();

  final Set<Long> staleOnCommit = ConcurrentHashMap.newKeySet();
  final List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();
  final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
  final Map<Long, AttemptStarted> started = new ConcurrentHashMap<>();
  final Map<Long, List<Commit>> commits = new ConcurrentHashMap<>();
  final Map<Long, List<Long>> aborts = new ConcurrentHashMap<>();
  final Map<Long, AttemptFinished> finished = new ConcurrentHashMap<>();
  /** Checkpoints a worker reported corrupt, by attempt. */
  final Map<Long, List<io.tern.protocol.CheckpointCorrupt>> corrupt = new ConcurrentHashMap<>();
  final List<String> staleAnswers = new CopyOnWriteArrayList<>();
  /** Calls refused because they lacked the right credentials. */
  final List<String> unauthenticated = new CopyOnWriteArrayList<>();

  FakeScheduler() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/internal/v1/workers", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Hands {@code assignment} to the worker in the answer to its next heartbeat. */
  void assign(Assignment assignment) {
    jobOfAttempt.put(assignment.attemptId(), assignment.jobId());
    toAssign.add(assignment);
  }

  /** Puts {@code attemptId} in the kill list of the next heartbeat answers. */
  void kill(long attemptId) {
    toKill.add(attemptId);
  }

  List<Commit> commitsOf(long attemptId) {
    return commits.getOrDefault(attemptId, List.of());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      boolean register = method.equals("POST") && path.equals("/internal/v1/workers/register");
      String expected = register ? "Bearer " + JOIN_TOKEN : WORKER_BASIC;
      if (!expected.equals(authorization)) {
        unauthenticated.add(method + " " + path);
        problem(exchange, 401, "/problems/unauthenticated", "wrong or missing credentials");
        return;
      }
      if (register) {
        registrations.add(json.readValue(body, RegisterRequest.class));
        answer(exchange, 200, new RegisterResponse(WORKER_ID, HEARTBEAT_MILLIS, WORKER_SECRET));
      } else if (method.equals("POST") && path.equals("/internal/v1/workers/" + WORKER_ID + "/heartbeat")) {
        heartbeats.add(json.readValue(body, Heartbeat.class));
        List<Assignment> assignments = new ArrayList<>();
        for (Assignment a; (a = toAssign.poll()) != null; ) {
          assignments.add(a);
        }
        answer(exchange, 200, new WorkerOrders(true, assignments, List.copyOf(toKill)));
      } else {
        Matcher m = ATTEMPT_CALL.matcher(path);
        if (!m.matches() || Long.parseLong(m.group(1)) != WORKER_ID) {
          problem(exchange, 404, "about:blank", "no such resource " + method + " " + path);
          return;
        }
        String what = m.group(5) == null ? m.group(3) : m.group(3) + "/corrupt";
        attemptCall(exchange, method, Long.parseLong(m.group(2)), what, m.group(4), body);
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      problem(exchange, 500, "about:blank", e.toString());
    }
  }

  private void attemptCall(HttpExchange exchange, String method, long attemptId, String what, String seq,
      byte[] body) throws IOException {
    switch (method + " " + what + (seq == null ? "" : "/seq")) {
      case "POST started" -> {
        started.put(attemptId, json.readValue(body, AttemptStarted.class));
        answer(exchange, 204, null);
      }
      case "POST checkpoints" -> {
        long jobId = jobOfAttempt.get(attemptId);
        long next = seqOfJob.computeIfAbsent(jobId, j -> new AtomicLong()).incrementAndGet();
        String key = ImageStore.manifestKey(jobId, next);
        pendingKeys.put(jobId + "/" + next, key);
        answer(exchange, 200, new CheckpointBeginResponse(next, key));
      }
      case "PUT checkpoints/seq" -> {
        if (staleOnCommit.contains(attemptId)) {
          staleAnswers.add("commit " + seq + " of attempt " + attemptId);
          problem(exchange, 409, STALE_TYPE, "attempt " + attemptId + " is not the job's current attempt");
          return;
        }
        long s = Long.parseLong(seq);
        String key = pendingKeys.remove(jobOfAttempt.get(attemptId) + "/" + s);
        commits.computeIfAbsent(attemptId, a -> new CopyOnWriteArrayList<>())
            .add(new Commit(s, key, json.readValue(body, CheckpointCommit.class)));
        answer(exchange, 204, null);
      }
      case "POST checkpoints/corrupt/seq" -> {
        corrupt.computeIfAbsent(attemptId, a -> new CopyOnWriteArrayList<>())
            .add(json.readValue(body, io.tern.protocol.CheckpointCorrupt.class));
        answer(exchange, 204, null);
      }
            case "DELETE checkpoints/seq" -> {
        aborts.computeIfAbsent(attemptId, a -> new CopyOnWriteArrayList<>()).add(Long.parseLong(seq));
        answer(exchange, 204, null);
      }
      case "POST finished" -> {
        finished.put(attemptId, json.readValue(body, AttemptFinished.class));
        toKill.remove(attemptId);
        answer(exchange, 204, null);
      }
      default -> problem(exchange, 405, "about:blank", method + " not allowed here");
    }
  }

  private void answer(HttpExchange exchange, int status, Object body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void problem(HttpExchange exchange, int status, String type, String detail) throws IOException {
    String body = "{\"type\":\"" + type + "\",\"title\":\"refused\",\"status\":" + status + ",\"detail\":\""
        + detail.replace("\"", "'") + "\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
