package io.tern.scheduler.outputs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Positive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/jobs/{id}/outputs}: the output files a completed job published (its output
 * directory as the job left it), and {@code …/outputs/{path}}: one of them, streamed from storage with
 * each chunk verified, with HTTP ranges (docs/rest-api.md, "Job outputs").
 */
@RestController
@Tag(name = "Job outputs", description = "The files a completed job left in ctx.outputDir()")
public class JobOutputsController {

  private final JobOutputs outputs;

  public JobOutputsController(JobOutputs outputs) {
    this.outputs = outputs;
  }

  /** The published files: path, size and permission bits; 409 while the job has not completed. */
  @Operation(summary = "List a completed job's output files")
  @GetMapping(path = "/api/v1/jobs/{id}/outputs", produces = MediaType.APPLICATION_JSON_VALUE)
  public JobOutputs.Listing list(@PathVariable @Positive(message = "must be a positive number") long id) {
    return outputs.list(id);
  }

  /**
   * One published file as an attachment; {@code Range: bytes=a-b}, {@code a-} or {@code -n} answers
   * 206 with that part, a range outside the file 416.
   */
  @Operation(summary = "Download one output file of a completed job (HTTP ranges supported)")
  @GetMapping(path = "/api/v1/jobs/{id}/outputs/{*path}")
  public void download(
      @PathVariable @Positive(message = "must be a positive number") long id,
      @Parameter(description = "the file's path in the output directory, e.g. reports/lines.txt") @PathVariable String path,
      @RequestHeader(name = HttpHeaders.RANGE, required = false) String range,
      HttpServletResponse response) throws IOException {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    JobOutputs.Opened opened = outputs.open(id, relative, range);
    long size = opened.file().size();
    long length = opened.range().map(ByteRange::length).orElse(size);
    try (InputStream in = opened.content()) {
      response.setStatus(opened.range().isPresent() ? HttpStatus.PARTIAL_CONTENT.value() : HttpStatus.OK.value());
      opened.range().ifPresent(r -> response.setHeader(HttpHeaders.CONTENT_RANGE, r.contentRange(size)));
      response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
      response.setContentLengthLong(length);
      response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
      response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
          ContentDisposition.attachment().filename(fileName(relative), StandardCharsets.UTF_8).build().toString());
      OutputStream out = response.getOutputStream();
      byte[] buffer = new byte[1 << 16];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("output file " + relative + " of job " + id + " ended " + left + " bytes early");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
      out.flush();
    }
  }

  /** The last segment of {@code path}: the name a browser saves the file under. */
  static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
