package io.tern.scheduler.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problems from servlet filters, where the MVC {@code ProblemHandler} does not reach
 * (authentication, authorization, CSRF, firewall, body size).
 */
public final class ProblemResponses {

  private final JsonMapper json;

  public ProblemResponses(JsonMapper json) {
    this.json = json;
  }

  /** Writes the problem unless the response is already committed. */
  public void write(HttpServletRequest request, HttpServletResponse response, int status, URI type, String title,
      String detail) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.toString());
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", request.getRequestURI().length() > 200 ? request.getRequestURI().substring(0, 200) : request.getRequestURI());
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = json.writeValueAsBytes(body);
    // framed by its length: a refusal that closes the connection (an oversized body left unread)
    // must not leave the client to find the body's end at a reset
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }
}
