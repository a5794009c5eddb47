package io.tern.systemtest;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3 server (s3proxy, objects as files under a directory) in its own OS process, so a test can
 * stop it and start it again on the same port and directory. Arguments: {@code --port=}, {@code --dir=},
 * {@code --access-key=}, {@code --secret-key=}. Prints {@code S3 READY} once it listens.
 */
public final class S3ServerMain {

  private S3ServerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    Path dir = Path.of(options.get("dir"));
    Files.createDirectories(dir);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()))
        .endpoint(URI.create("http://127.0.0.1:" + options.get("port")))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, options.get("access-key"), options.get("secret-key"))
        .v4MaxNonChunkedRequestSize(1L << 30)
        .build();
    proxy.start();
    System.out.println("S3 READY");
    System.out.flush();
    Thread.currentThread().join();
  }
}
