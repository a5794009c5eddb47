package io.tern.scheduler.artifact;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tern.scheduler.api.PayloadTooLargeException;
import io.tern.scheduler.security.CurrentCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** {@code /api/v1/artifacts}: upload, list, read, download, pin and delete jars (docs/rest-api.md). */
@RestController
@Tag(name = "Artifacts", description = "Jars users upload and run their jobs from")
public class ArtifactController {

  /** The upload endpoint's path. */
  static final String PATH = "/api/v1/artifacts";

  private final ArtifactService service;
  private final CurrentCaller caller;

  public ArtifactController(ArtifactService service, CurrentCaller caller) {
    this.service = service;
    this.caller = caller;
  }

  /** Uploads a jar: 201 with its view (200 when the caller had uploaded the same bytes before). */
  @PostMapping(PATH)
  @Operation(summary = "Upload a jar",
      description = "The body is the jar (application/java-archive or application/octet-stream), or multipart/form-data"
          + " with one part 'file'. At most tern.artifacts.max-size (default 512 MiB). The jar is inspected without"
          + " running it; the answer lists its job classes. Same bytes, same id.")
  public ResponseEntity<ArtifactView> upload(
      @Parameter(description = "File name (default: the multipart part's file name), at most 200 characters.")
      @RequestParam(required = false) String name,
      @Parameter(description = "application (default: must contain a job class) or library.")
      @RequestParam(required = false) String kind,
      HttpServletRequest request) throws IOException {
    service.requireEnabled();
    ArtifactService.Upload upload;
    if (isMultipart(request.getContentType())) {
      upload = uploadMultipart(name, kind, request);
    } else {
      upload = service.upload(caller.get(), name, kind, request.getInputStream());
    }
    if (!upload.created()) {
      return ResponseEntity.ok(upload.view());
    }
    return ResponseEntity.created(URI.create(PATH + "/" + upload.view().id())).body(upload.view());
  }

  private ArtifactService.Upload uploadMultipart(String name, String kind, HttpServletRequest request)
      throws IOException {
    FileItemStream part = filePart(request);
    try (InputStream in = part.openStream()) {
      return service.upload(caller.get(), name != null ? name : part.getName(), kind, in);
    }
  }

  /** The part named {@code file}, its stream positioned at the start of the jar. */
  private static FileItemStream filePart(HttpServletRequest request) throws IOException {
    FileUpload parser = new FileUpload();
    parser.setFileCountMax(10);
    parser.setHeaderEncoding(StandardCharsets.UTF_8.name());
    try {
      FileItemIterator parts = parser.getItemIterator(new RequestUpload(request));
      while (parts.hasNext()) {
        FileItemStream part = parts.next();
        if ("file".equals(part.getFieldName()) && !part.isFormField()) {
          return part;
        }
      }
    } catch (PayloadTooLargeException e) {
      throw e;
    } catch (IOException e) { // FileUploadException included: a malformed body
      throw ArtifactException.invalidUpload("The multipart body cannot be read: " + e.getMessage());
    }
    throw ArtifactException.invalidUpload("The multipart body has no part named 'file' holding the jar.");
  }

  /** The caller's uploads (an operator: everyone's), newest first. */
  @GetMapping(PATH)
  public List<ArtifactView> list(
      @Parameter(description = "Only uploads with exactly this name.") @RequestParam(required = false) String name,
      @Parameter(description = "At most this many, 1 to 1000.") @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw ArtifactException.invalidUpload("'limit' must be between 1 and 1000.");
    }
    if (name != null && (name.length() > 200 || io.tern.scheduler.api.UnsafeCharacters.in(name))) {
      throw ArtifactException.invalidUpload("'name' must be at most 200 characters without control characters.");
    }
    return service.list(caller.get(), name, limit);
  }

  /** One artifact (404 for an unknown id and for another owner's). */
  @GetMapping(PATH + "/{id}")
  public ArtifactView get(@PathVariable String id) {
    return service.get(caller.get(), id);
  }

  /** The jar itself, streamed from storage (each chunk verified as it is read). */
  @GetMapping(PATH + "/{id}/content")
  public ResponseEntity<StreamingResponseBody> content(@PathVariable String id) throws IOException {
    ArtifactService.Download download = service.open(caller.get(), id);
    StreamingResponseBody body = out -> {
      try (InputStream in = download.content()) {
        in.transferTo(out);
      }
    };
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/java-archive"))
        .contentLength(download.view().size())
        .header(HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(download.view().name(), StandardCharsets.UTF_8).build().toString())
        .body(body);
  }

  /** Deletes the caller's upload (an operator: every upload of it); 409 while jobs use it. */
  @DeleteMapping(PATH + "/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void delete(@PathVariable String id) throws IOException {
    service.delete(caller.get(), id);
  }

  /** Keeps the artifact even when no job uses it. */
  @PostMapping(PATH + "/{id}/pin")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void pin(@PathVariable String id) {
    service.pin(caller.get(), id, true);
  }

  /** Gives the artifact back to collection. */
  @DeleteMapping(PATH + "/{id}/pin")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void unpin(@PathVariable String id) {
    service.pin(caller.get(), id, false);
  }

  private static boolean isMultipart(String contentType) {
    try {
      return contentType != null && MediaType.MULTIPART_FORM_DATA.includes(MediaType.parseMediaType(contentType));
    } catch (org.springframework.http.InvalidMediaTypeException e) {
      return false;
    }
  }

  /** The request as the multipart parser reads it (through the size limit's stream). */
  private record RequestUpload(HttpServletRequest request) implements UploadContext {
    @Override
    public String getCharacterEncoding() {
      return request.getCharacterEncoding();
    }

    @Override
    public String getContentType() {
      return request.getContentType();
    }

    @Override
    public InputStream getInputStream() throws IOException {
      return request.getInputStream();
    }

    @Override
    public long contentLength() {
      return request.getContentLengthLong();
    }
  }
}
