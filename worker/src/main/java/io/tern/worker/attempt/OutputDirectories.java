package io.tern.worker.attempt;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;

/**
 * The job's output directory ({@code <attempt dir>/outputs}) on the worker's side before the job
 * starts: emptied (a restore that failed halfway leaves nothing behind for the next candidate) and,
 * once restored, handed to the owner of the attempt directory (the job's uid in {@code uid} sandbox
 * mode), never following links.
 */
final class OutputDirectories {

  private OutputDirectories() {}

  /** Makes {@code dir} an existing, empty directory. */
  static void empty(Path dir) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          if (!d.equals(dir)) {
            Files.delete(d);
          }
          return FileVisitResult.CONTINUE;
        }
      });
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(dir);
      }
    }
    Files.createDirectories(dir);
  }

  /** Gives {@code dir} and everything in it the owner and group of {@code ownerOf}. */
  static void giveToOwnerOf(Path ownerOf, Path dir) throws IOException {
    PosixFileAttributes owner = Files.readAttributes(ownerOf, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    UserPrincipal user = owner.owner();
    GroupPrincipal group = owner.group();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        chown(d);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        chown(file);
        return FileVisitResult.CONTINUE;
      }

      private void chown(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes current = view.readAttributes();
        if (!current.owner().equals(user)) {
          view.setOwner(user);
        }
        if (!current.group().equals(group)) {
          view.setGroup(group);
        }
      }
    });
  }
}
