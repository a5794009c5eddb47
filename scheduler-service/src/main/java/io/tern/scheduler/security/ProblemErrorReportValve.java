package io.tern.scheduler.security;

import io.tern.scheduler.api.ProblemTypes;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's last word on errors no servlet answered: requests the connector refuses before Spring
 * sees them (an encoded slash {@code %2f}, a NUL, a malformed escape or request line) get an RFC 9457
 * problem instead of Tomcat's HTML page. It names neither the server nor the exception.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String type;
    String detail;
    if (status == 400) {
      type = ProblemTypes.INVALID_REQUEST.toString();
      detail = "The request is not acceptable: its URL or headers are malformed (for example an encoded slash, a NUL"
          + " or an invalid escape).";
    } else if (status >= 500) {
      type = ProblemTypes.INTERNAL_ERROR.toString();
      detail = "The scheduler failed to handle the request.";
    } else {
      type = "about:blank";
      detail = title + ".";
    }
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
            + ",\"detail\":\"" + detail + "\"}");
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response cannot take a body: nothing more to say
    }
  }
}
