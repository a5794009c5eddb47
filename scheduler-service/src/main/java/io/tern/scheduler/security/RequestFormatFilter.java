package io.tern.scheduler.security;

import io.tern.scheduler.api.ProblemTypes;
import io.tern.scheduler.api.UnsafeCharacters;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them, requests in a form the scheduler does not take, each with a
 * problem: more query parameters than the limit or a parameter name with control characters or
 * bidirectional overrides, a form with more parameters than the limit (400), and a request body on
 * the REST API or the worker protocol that is not JSON (415; XML and anything else is never parsed).
 * An {@link UploadEndpoint} takes the media types it declares instead of JSON.
 */
public final class RequestFormatFilter extends OncePerRequestFilter {

  private static final URI UNSUPPORTED_MEDIA_TYPE = ProblemTypes.of("unsupported-media-type");

  private final int maxQueryParameters;
  private final ProblemResponses problems;
  private final List<UploadEndpoint> uploads;

  public RequestFormatFilter(int maxQueryParameters, ProblemResponses problems) {
    this(maxQueryParameters, problems, List.of());
  }

  /** A filter that lets each upload endpoint take its own media types. */
  public RequestFormatFilter(int maxQueryParameters, ProblemResponses problems, List<UploadEndpoint> uploads) {
    this.maxQueryParameters = maxQueryParameters;
    this.problems = problems;
    this.uploads = List.copyOf(uploads);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String problem = queryProblem(request.getQueryString());
    if (problem != null) {
      problems.write(request, response, 400, ProblemTypes.INVALID_REQUEST, "Invalid request", problem);
      return;
    }
    if (isForm(request.getContentType()) && !formReadable(request)) {
      problems.write(request, response, 400, ProblemTypes.INVALID_REQUEST, "Invalid request",
          "The form has more than " + maxQueryParameters + " parameters in all, or is malformed.");
      return;
    }
    UploadEndpoint upload = uploads.stream().filter(u -> u.matches(request)).findFirst().orElse(null);
    if (upload != null) {
      if (hasBody(request) && !upload.accepts(request.getContentType())) {
        String accepted = upload.accepted().stream().map(Object::toString).collect(Collectors.joining(", "));
        response.setHeader(HttpHeaders.ACCEPT, accepted);
        problems.write(request, response, 415, UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
            "This endpoint takes the file as the body, sent with one of: " + accepted + ".");
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    if (hasBody(request) && isApi(request) && !isJson(request.getContentType())) {
      response.setHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
      problems.write(request, response, 415, UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
          "Request bodies must be JSON, sent with 'Content-Type: application/json'.");
      return;
    }
    chain.doFilter(request, response);
  }

  private String queryProblem(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    int count = 0;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      if (++count > maxQueryParameters) {
        return "At most " + maxQueryParameters + " query parameters are accepted.";
      }
      int eq = pair.indexOf('=');
      String name;
      try {
        name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return "The query string is not correctly percent-encoded.";
      }
      if (UnsafeCharacters.in(name)) {
        return "Query parameter names " + UnsafeCharacters.MESSAGE + ".";
      }
    }
    return null;
  }

  /** Tomcat refuses a form with too many parameters when it is first read; read it here to answer it. */
  private static boolean formReadable(HttpServletRequest request) {
    try {
      request.getParameterMap();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static boolean isForm(String contentType) {
    return contentType != null && contentType.regionMatches(true, 0, MediaType.APPLICATION_FORM_URLENCODED_VALUE, 0,
        MediaType.APPLICATION_FORM_URLENCODED_VALUE.length());
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  private static boolean isApi(HttpServletRequest request) {
    String path = request.getRequestURI();
    return path.startsWith("/api/") || path.startsWith("/internal/");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.isWildcardSubtype()
          || "application".equals(type.getType()) && type.getSubtype().endsWith("+json");
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }
}
