package io.tern.systemtest;

import io.tern.testsupport.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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
    S3ProxyServer.startOnDisk(dir, Integer.parseInt(options.get("port")), options.get("access-key"), options.get("secret-key"));
    System.out.println("S3 READY");
    System.out.flush();
    Thread.currentThread().join();
  }
}
