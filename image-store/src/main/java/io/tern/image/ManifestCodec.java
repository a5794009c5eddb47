package io.tern.image;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Manifest ⇄ JSON, written and read field by field so the document stays exactly as
 * {@code docs/image-format.md} describes it. Unknown fields are ignored (a later minor addition stays
 * readable); missing or mistyped fields, a different {@code formatVersion} or an unknown encoding
 * make the manifest invalid. With an authenticator, the document carries {@code hmacSha256} and a
 * manifest without a valid one is refused.
 */
final class ManifestCodec {

  /** Manifests larger than this are rejected unread (a 1 GiB image of 64 KiB packed chunks needs about 3.5 MiB). */
  static final int MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

  /** The JSON field holding the manifest's MAC. */
  static final String MAC_FIELD = "hmacSha256";

  /** The message every refused MAC carries. */
  static final String AUTHENTICATION_FAILED = "manifest authentication failed";

  private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ManifestCodec() {}

  static byte[] toJson(Manifest manifest) {
    return toJson(manifest, null, null);
  }

  /** The manifest as JSON; with an authenticator, including its MAC under {@code manifestKey}. */
  static byte[] toJson(Manifest manifest, String manifestKey, ManifestAuthenticator authenticator) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("formatVersion", manifest.formatVersion());
    root.put("jobId", manifest.jobId());
    root.put("attempt", manifest.attempt());
    root.put("seq", manifest.seq());
    root.put("step", manifest.step());
    root.put("codecId", manifest.codecId());
    root.put("chunkEncoding", manifest.chunkEncoding());
    root.put("logicalSize", manifest.logicalSize());
    root.put("createdAt", manifest.createdAt().toString());
    boolean packed = Manifest.PACKED_ENCODING.equals(manifest.chunkEncoding());
    boolean perChunk = packed || Manifest.PER_CHUNK_ENCODING.equals(manifest.chunkEncoding());
    writeChunks(root.putArray("chunks"), manifest.chunks(), perChunk);
    if (!manifest.files().isEmpty()) {
      ArrayNode files = root.putArray("files");
      for (OutputFile file : manifest.files()) {
        ObjectNode entry = files.addObject();
        entry.put("path", file.path());
        entry.put("size", file.size());
        entry.put("mode", file.mode());
        writeChunks(entry.putArray("chunks"), file.chunks(), perChunk);
      }
    }
    if (authenticator != null) {
      root.put(MAC_FIELD, authenticator.mac(manifestKey, manifest));
    }
    return MAPPER.writeValueAsBytes(root);
  }

  private static void writeChunks(ArrayNode array, List<ChunkRef> chunks, boolean perChunk) {
    for (ChunkRef chunk : chunks) {
      ObjectNode entry = array.addObject();
      entry.put("hash", chunk.hash());
      entry.put("size", chunk.size());
      if (perChunk) {
        entry.put("encoding", chunk.encoding());
        entry.put("storedSize", chunk.storedSize());
      }
      if (chunk.packed()) {
        entry.put("pack", chunk.pack());
        entry.put("offset", chunk.offset());
      }
    }
  }

  /** Parses and validates a manifest read from {@code manifestKey}, without authentication. */
  static Manifest fromJson(String manifestKey, byte[] json) throws CorruptImageException {
    return fromJson(manifestKey, json, null);
  }

  /**
   * Parses and validates a manifest read from {@code manifestKey}; with an authenticator, also
   * checks its MAC ({@link CorruptImageException.Reason#MANIFEST_INVALID}, "manifest authentication
   * failed", when absent or wrong).
   */
  static Manifest fromJson(String manifestKey, byte[] json, ManifestAuthenticator authenticator)
      throws CorruptImageException {
    if (json.length >= MAX_MANIFEST_BYTES) {
      throw CorruptImageException.invalidManifest(manifestKey, "larger than " + MAX_MANIFEST_BYTES + " bytes", null);
    }
    Manifest manifest;
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      manifest = parse(root);
    } catch (JacksonException | IllegalArgumentException | DateTimeParseException e) {
      throw CorruptImageException.invalidManifest(manifestKey, rootMessage(e), e);
    }
    if (authenticator != null) {
      JsonNode mac = root.get(MAC_FIELD);
      String presented = mac != null && mac.isString() ? mac.stringValue() : null;
      if (!authenticator.verifies(manifestKey, manifest, presented)) {
        throw CorruptImageException.invalidManifest(manifestKey,
            AUTHENTICATION_FAILED + (presented == null ? " (it carries no " + MAC_FIELD + ")"
                : " (" + MAC_FIELD + " does not match its content under this key)"), null);
      }
    }
    return manifest;
  }

  private static Manifest parse(JsonNode root) {
    int formatVersion = intField(root, "formatVersion");
    if (formatVersion != Manifest.FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported manifest formatVersion " + formatVersion
          + " (this reader knows " + Manifest.FORMAT_VERSION + ")");
    }
    String chunkEncoding = stringField(root, "chunkEncoding");
    boolean packed = Manifest.PACKED_ENCODING.equals(chunkEncoding);
    boolean perChunk = packed || Manifest.PER_CHUNK_ENCODING.equals(chunkEncoding);
    List<ChunkRef> chunks = parseChunks(root, packed, perChunk);
    List<OutputFile> files = new ArrayList<>();
    JsonNode fileNodes = root.get("files");
    if (fileNodes != null && !fileNodes.isNull()) {
      if (!fileNodes.isArray()) {
        throw new IllegalArgumentException("field 'files' must be an array");
      }
      for (JsonNode node : fileNodes.values()) {
        files.add(new OutputFile(stringField(node, "path"), longField(node, "size"), intField(node, "mode"),
            parseChunks(node, packed, perChunk)));
      }
    }
    return new Manifest(formatVersion, longField(root, "jobId"), intField(root, "attempt"), longField(root, "seq"),
        longField(root, "step"), stringField(root, "codecId"), chunkEncoding, longField(root, "logicalSize"),
        Instant.parse(stringField(root, "createdAt")), chunks, files);
  }

  private static List<ChunkRef> parseChunks(JsonNode parent, boolean packed, boolean perChunk) {
    JsonNode chunkNodes = parent.get("chunks");
    if (chunkNodes == null || !chunkNodes.isArray()) {
      throw new IllegalArgumentException("field 'chunks' must be an array");
    }
    List<ChunkRef> chunks = new ArrayList<>(chunkNodes.size());
    for (JsonNode node : chunkNodes.values()) {
      String hash = stringField(node, "hash");
      int size = intField(node, "size");
      if (packed && node.has("pack")) {
        chunks.add(new ChunkRef(hash, size, stringField(node, "encoding"), intField(node, "storedSize"),
            stringField(node, "pack"), longField(node, "offset")));
      } else {
        chunks.add(perChunk
            ? new ChunkRef(hash, size, stringField(node, "encoding"), intField(node, "storedSize"))
            : new ChunkRef(hash, size));
      }
    }
    return chunks;
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field '" + name + "'");
    }
    return value;
  }

  private static long longField(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("field '" + name + "' must be an integer");
    }
    return value.longValue();
  }

  private static int intField(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException("field '" + name + "' must be a 32-bit integer");
    }
    return value.intValue();
  }

  private static String stringField(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isString()) {
      throw new IllegalArgumentException("field '" + name + "' must be a string");
    }
    return value.stringValue();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }
}
