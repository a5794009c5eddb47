package io.tern.scheduler.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every error of the REST API and the worker protocol into an RFC 9457 problem
 * ({@code application/problem+json}) whose {@code detail} tells a person what to change. Stack
 * traces never leave the server; unexpected errors get a reference that appears in the log. Features
 * declare their own errors as {@link ProblemException}s; this class knows none of them.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ProblemException.class)
  ResponseEntity<ProblemDetail> problem(ProblemException e) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
    e.headers().forEach((name, value) -> answer.header(name, value));
    return answer.body(problem(e.status(), e.type(), e.title(), e.getMessage()));
  }

  @ExceptionHandler(OptimisticLockingFailureException.class)
  ProblemDetail optimisticLock(OptimisticLockingFailureException e) {
    return problem(
        HttpStatus.CONFLICT,
        ProblemTypes.CONCURRENT_UPDATE,
        "Concurrent update",
        "The resource was changed by another request at the same time; retry.");
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ProblemDetail integrity(DataIntegrityViolationException e) {
    log.info("Request conflicts with stored data: {}", e.getMostSpecificCause().getMessage());
    return problem(
        HttpStatus.CONFLICT,
        ProblemTypes.CONCURRENT_UPDATE,
        "Conflicting update",
        "The request conflicts with data written by another request at the same time; retry.");
  }

  @ExceptionHandler(AccessDeniedException.class)
  ProblemDetail accessDenied(AccessDeniedException e) {
    return problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", "Your credentials do not allow this request.");
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    if (causedByOversizedBody(e)) {
      return tooLarge(e);
    }
    String reference = UUID.randomUUID().toString();
    log.error("Unexpected error, reference {}", reference, e);
    ProblemDetail p =
        problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            ProblemTypes.INTERNAL_ERROR,
            "Internal error",
            "The scheduler failed to handle the request. Quote reference " + reference
                + " to an operator; it appears in the scheduler log.");
    p.setProperty("reference", reference);
    return p;
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(f -> Map.of("field", UnsafeCharacters.escape(f.getField()), "message", fieldMessage(f)))
            .toList();
    String detail =
        errors.stream().map(e -> e.get("field") + " " + e.get("message")).sorted().collect(Collectors.joining("; "));
    if (detail.isEmpty()) {
      detail = ex.getBindingResult().getAllErrors().stream()
          .map(e -> String.valueOf(e.getDefaultMessage()))
          .collect(Collectors.joining("; "));
    }
    ProblemDetail p = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail + ".");
    p.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(p);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors =
        ex.getParameterValidationResults().stream()
            .flatMap(r -> r.getResolvableErrors().stream()
                .map(e -> Map.of(
                    // a field of a validated body names itself (e.g. deadlineSeconds), a plain parameter its name
                    "field", e instanceof FieldError f ? f.getField() : String.valueOf(r.getMethodParameter().getParameterName()),
                    "message", String.valueOf(e.getDefaultMessage()))))
            .toList();
    String detail =
        errors.stream().map(e -> "'" + e.get("field") + "' " + e.get("message")).sorted().collect(Collectors.joining("; "));
    ProblemDetail p = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
        (detail.isEmpty() ? "A parameter is invalid" : detail) + ".");
    p.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(p);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (causedByOversizedBody(ex)) {
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(ex));
    }
    ProblemDetail p =
        problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request", unreadableDetail(ex));
    return ResponseEntity.badRequest().body(p);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
    String expected = ex.getRequiredType() == null ? "another type" : describe(ex.getRequiredType());
    String detail = "Parameter '" + name + "' must be " + expected + ", but was '" + shorten(ex.getValue()) + "'.";
    return ResponseEntity.badRequest()
        .body(problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail));
  }

  private static boolean causedByOversizedBody(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PayloadTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static ProblemDetail tooLarge(Throwable e) {
    Throwable t = e;
    while (!(t instanceof PayloadTooLargeException)) {
      t = t.getCause();
    }
    return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large", t.getMessage());
  }

  private static String shorten(Object value) {
    String text = String.valueOf(value);
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }

  private static String unreadableDetail(HttpMessageNotReadableException ex) {
    Throwable cause = ex.getMostSpecificCause();
    if (cause instanceof UnrecognizedPropertyException u) {
      String known =
          u.getKnownPropertyIds() == null
              ? ""
              : " Known fields: "
                  + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                  + ".";
      return "Unknown field '" + path(u) + "' in the request body." + known;
    }
    if (cause instanceof MismatchedInputException m) {
      String where = path(m);
      String expected = m.getTargetType() == null ? "a different type" : describe(m.getTargetType());
      return where.isEmpty()
          ? "The request body must be a JSON object."
          : "Field '" + where + "' must be " + expected + ".";
    }
    if (cause instanceof StreamReadException s) {
      TokenStreamLocation loc = s.getLocation();
      String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      return "The request body is not valid JSON" + at + ": " + s.getOriginalMessage();
    }
    if (cause instanceof JacksonException j) {
      return "The request body could not be read: " + j.getOriginalMessage();
    }
    return "A JSON request body is required.";
  }

  private static String path(JacksonException e) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String describe(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class
        || type == short.class || type == Short.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a JSON object";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a JSON array";
    }
    return "a " + type.getSimpleName();
  }

  private static String fieldMessage(FieldError f) {
    return f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage();
  }

  private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(type);
    p.setTitle(title);
    return p;
  }
}
