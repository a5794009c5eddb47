package io.tern.scheduler.security;

import io.tern.scheduler.api.PayloadTooLargeException;
import io.tern.scheduler.api.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above a limit with 413: at once when {@code Content-Length} says so, and
 * while reading when a chunked body grows past it ({@link PayloadTooLargeException}, which the
 * problem handler answers with 413). An {@link UploadEndpoint} has its own limit instead.
 */
public final class RequestSizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final ProblemResponses problems;
  private final List<UploadEndpoint> uploads;

  public RequestSizeLimitFilter(long maxBytes, ProblemResponses problems) {
    this(maxBytes, problems, List.of());
  }

  /** A filter that applies each upload endpoint's own limit to its requests. */
  public RequestSizeLimitFilter(long maxBytes, ProblemResponses problems, List<UploadEndpoint> uploads) {
    this.maxBytes = maxBytes;
    this.problems = problems;
    this.uploads = List.copyOf(uploads);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = uploads.stream().filter(u -> u.matches(request)).mapToLong(UploadEndpoint::maxBytes).findFirst()
        .orElse(maxBytes);
    if (request.getContentLengthLong() > limit) {
      response.setHeader("Connection", "close");
      problems.write(request, response, 413, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large", PayloadTooLargeException.detail(limit));
      response.flushBuffer();
      return;
    }
    chain.doFilter(new LimitedRequest(request, limit), response);
  }


  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private long read;

    LimitedStream(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws PayloadTooLargeException {
      read += n;
      if (read > maxBytes) {
        throw new PayloadTooLargeException(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
