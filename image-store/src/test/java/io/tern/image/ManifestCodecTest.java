package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

  private static final String KEY = "jobs/7/checkpoints/0000000003.json";
  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "0b".repeat(32);

  private final Manifest manifest = Manifest.of(
      new ImageDescriptor(7, 2, 3, 1500, "io.tern.sdk.Codecs$DoubleArray"),
      Instant.parse("2026-11-27T10:15:30.123Z"),
      List.of(new ChunkRef(HASH_A, 1048576), new ChunkRef(HASH_B, 17)));

  @Test
  void roundTripsThroughJson() throws Exception {
    Manifest read = ManifestCodec.fromJson(KEY, ManifestCodec.toJson(manifest));

    assertThat(read).isEqualTo(manifest);
    assertThat(read.logicalSize()).isEqualTo(1048593);
  }

  @Test
  void writesTheDocumentedFields() {
    String json = new String(ManifestCodec.toJson(manifest), StandardCharsets.UTF_8);

    assertThat(json)
        .contains("\"formatVersion\" : 1", "\"jobId\" : 7", "\"attempt\" : 2", "\"seq\" : 3", "\"step\" : 1500",
            "\"codecId\" : \"io.tern.sdk.Codecs$DoubleArray\"", "\"chunkEncoding\" : \"raw\"",
            "\"logicalSize\" : 1048593", "\"createdAt\" : \"2026-11-27T10:15:30.123Z\"",
            "\"hash\" : \"" + HASH_A + "\"", "\"size\" : 17");
  }

  @Test
  void ignoresFieldsAddedByLaterWriters() throws Exception {
    String json = new String(ManifestCodec.toJson(manifest), StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{ \"compressionLevel\" : 3,");

    assertThat(ManifestCodec.fromJson(KEY, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(manifest);
  }

  @Test
  void rejectsDamagedManifestsNamingTheKey() {
    String valid = new String(ManifestCodec.toJson(manifest), StandardCharsets.UTF_8);

    assertInvalid("not json at all", "");
    assertInvalid(valid.substring(0, valid.length() / 2), "");
    assertInvalid(valid.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"), "formatVersion 2");
    assertInvalid(valid.replace("\"raw\"", "\"zstd\""), "chunkEncoding 'zstd'");
    assertInvalid(valid.replace("\"logicalSize\" : 1048593", "\"logicalSize\" : 1048594"), "add up");
    assertInvalid(valid.replace(HASH_A, "xyz"), "SHA-256");
    assertInvalid(valid.replace("\"jobId\" : 7,", ""), "");
  }

  @Test
  void roundTripsPerChunkEncodingsAndKeepsAllRawManifestsInTheFirstReleasesFormat() throws Exception {
    Manifest mixed = Manifest.of(new ImageDescriptor(7, 2, 3, 1500, "c"), Instant.parse("2026-11-27T10:15:30Z"),
        List.of(new ChunkRef(HASH_A, 65536, "zstd", 20000), new ChunkRef(HASH_B, 17)));

    String json = new String(ManifestCodec.toJson(mixed), StandardCharsets.UTF_8);

    assertThat(mixed.chunkEncoding()).isEqualTo(Manifest.PER_CHUNK_ENCODING);
    assertThat(json).contains("\"encoding\" : \"zstd\"", "\"storedSize\" : 20000");
    assertThat(ManifestCodec.fromJson(KEY, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(mixed);
    assertThat(mixed.storedSize()).isEqualTo(20017);
    assertThat(new String(ManifestCodec.toJson(manifest), StandardCharsets.UTF_8))
        .doesNotContain("encoding\" : ", "storedSize");
  }

  @Test
  void aMacBindsTheManifestToItsKeyAndItsContent() throws Exception {
    ManifestAuthenticator authenticator = new ManifestAuthenticator(new byte[32]);
    byte[] signed = ManifestCodec.toJson(manifest, KEY, authenticator);

    assertThat(ManifestCodec.fromJson(KEY, signed, authenticator)).isEqualTo(manifest);
    assertThatThrownBy(() -> ManifestCodec.fromJson("jobs/7/checkpoints/0000000004.json", signed, authenticator))
        .hasMessageContaining("manifest authentication failed");
    String otherStep = new String(signed, StandardCharsets.UTF_8).replace("\"step\" : 1500", "\"step\" : 1501");
    assertThatThrownBy(() -> ManifestCodec.fromJson(KEY, otherStep.getBytes(StandardCharsets.UTF_8), authenticator))
        .hasMessageContaining("manifest authentication failed");
    assertThatThrownBy(() -> ManifestCodec.fromJson(KEY, signed, new ManifestAuthenticator(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})))
        .hasMessageContaining("manifest authentication failed");
  }

  @Test
  void rejectsUnknownChunkEncodings() {
    String valid = new String(ManifestCodec.toJson(Manifest.of(new ImageDescriptor(7, 2, 3, 1500, "c"),
        Instant.parse("2026-11-27T10:15:30Z"), List.of(new ChunkRef(HASH_A, 100, "zstd", 50)))),
        StandardCharsets.UTF_8);

    assertInvalid(valid.replace("\"encoding\" : \"zstd\"", "\"encoding\" : \"brotli\""), "brotli");
  }

  private static final String PACK_1 = "3f".repeat(16);
  private static final String PACK_2 = "c0".repeat(16);

  private final Manifest packed = Manifest.of(new ImageDescriptor(7, 2, 3, 1500, "c"),
      Instant.parse("2026-11-27T10:15:30Z"), List.of(
          new ChunkRef(HASH_A, 65536, "zstd", 20000, PACK_1, 0),
          new ChunkRef(HASH_B, 17, "raw", 17, PACK_1, 20000),
          new ChunkRef(HASH_A, 65536, "zstd", 20000, PACK_1, 0),
          new ChunkRef("c".repeat(64), 100, "raw", 100, PACK_2, 4096),
          new ChunkRef("d".repeat(64), 50, "zstd", 30)));

  @Test
  void roundTripsPackedManifestsWithPackOffsetAndLegacyEntries() throws Exception {
    String json = new String(ManifestCodec.toJson(packed), StandardCharsets.UTF_8);

    assertThat(packed.chunkEncoding()).isEqualTo(Manifest.PACKED_ENCODING);
    assertThat(json).contains("\"chunkEncoding\" : \"packed\"", "\"pack\" : \"" + PACK_1 + "\"",
        "\"offset\" : 20000", "\"pack\" : \"" + PACK_2 + "\"", "\"offset\" : 4096");
    Manifest read = ManifestCodec.fromJson(KEY, json.getBytes(StandardCharsets.UTF_8));
    assertThat(read).isEqualTo(packed);
    assertThat(read.chunks().get(4).packed()).isFalse();
    assertThat(read.chunks().get(4).objectKey()).isEqualTo("chunks/dd/" + "d".repeat(64) + ".zst");
    assertThat(read.chunks().get(3).objectKey()).isEqualTo("packs/c0/" + PACK_2 + ".pack");
  }

  @Test
  void rejectsPackedEntriesWithoutAValidLocation() {
    String valid = new String(ManifestCodec.toJson(packed), StandardCharsets.UTF_8);

    assertInvalid(valid.replace(PACK_2, "not-a-pack"), "not-a-pack");
    assertInvalid(valid.replace(PACK_2, PACK_2.toUpperCase()), "not a valid location");
    assertInvalid(valid.replace("\"offset\" : 4096", "\"offset\" : -1"), "not a valid location");
    assertInvalid(valid.replaceFirst(",\\s*\"offset\" : 20000", ""), "offset");
  }

  @Test
  void theMacOfAPackedManifestCoversEveryChunksPackAndOffset() throws Exception {
    ManifestAuthenticator authenticator = new ManifestAuthenticator(new byte[32]);
    String signed = new String(ManifestCodec.toJson(packed, KEY, authenticator), StandardCharsets.UTF_8);

    assertThat(ManifestCodec.fromJson(KEY, signed.getBytes(StandardCharsets.UTF_8), authenticator)).isEqualTo(packed);
    for (String forged : List.of(
        signed.replace("\"offset\" : 4096", "\"offset\" : 4097"),
        signed.replace("\"pack\" : \"" + PACK_2 + "\"", "\"pack\" : \"" + PACK_1 + "\""))) {
      assertThat(ManifestCodec.fromJson(KEY, forged.getBytes(StandardCharsets.UTF_8))).isNotEqualTo(packed);
      assertThatThrownBy(() -> ManifestCodec.fromJson(KEY, forged.getBytes(StandardCharsets.UTF_8), authenticator))
          .hasMessageContaining("manifest authentication failed");
    }
  }

  private static void assertInvalid(String json, String detail) {
    assertThatThrownBy(() -> ManifestCodec.fromJson(KEY, json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(CorruptImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(CorruptImageException.Reason.MANIFEST_INVALID);
          assertThat(e.manifestKey()).isEqualTo(KEY);
          assertThat(e.chunkIndex()).isEqualTo(-1);
        })
        .hasMessageContaining(KEY)
        .hasMessageContaining(detail);
  }

  private Manifest withFiles(List<OutputFile> files) {
    return Manifest.of(new ImageDescriptor(7, 2, 3, 1500, "c"), Instant.parse("2026-11-27T10:15:30.123Z"),
        List.of(new ChunkRef(HASH_A, 100)), files);
  }

  @Test
  void roundTripsOutputFilesAndReadsManifestsWithoutThem() throws Exception {
    Manifest withOutputs = withFiles(List.of(new OutputFile("out/lines.txt", 117, 0644,
        List.of(new ChunkRef(HASH_A, 100), new ChunkRef(HASH_B, 17))), new OutputFile("empty", 0, 0600, List.of())));

    String json = new String(ManifestCodec.toJson(withOutputs), StandardCharsets.UTF_8);
    assertThat(json).contains("\"files\" : [", "\"path\" : \"out/lines.txt\"", "\"mode\" : 420");
    Manifest read = ManifestCodec.fromJson(KEY, json.getBytes(StandardCharsets.UTF_8));
    assertThat(read).isEqualTo(withOutputs);
    assertThat(read.outputBytes()).isEqualTo(117);
    assertThat(read.allChunks()).hasSize(3);

    assertThat(new String(ManifestCodec.toJson(manifest), StandardCharsets.UTF_8)).doesNotContain("files");
    assertThat(ManifestCodec.fromJson(KEY, ManifestCodec.toJson(manifest)).files()).isEmpty();
  }

  @Test
  void refusesOutputPathsThatWouldEscapeOrClash() {
    String valid = new String(ManifestCodec.toJson(withFiles(List.of(
        new OutputFile("a/b", 17, 0644, List.of(new ChunkRef(HASH_B, 17)))))), StandardCharsets.UTF_8);

    assertInvalid(valid.replace("\"a/b\"", "\"../b\""), "'..'");
    assertInvalid(valid.replace("\"a/b\"", "\"/etc/passwd\""), "absolute");
    assertInvalid(valid.replace("\"a/b\"", "\"a//b\""), "empty segment");
    assertInvalid(valid.replace("\"mode\" : 420", "\"mode\" : 2541"), "permission bits");
    assertInvalid(valid.replace("\"size\" : 17,\n    \"mode\"", "\"size\" : 18,\n    \"mode\""), "add up");
    assertThatThrownBy(() -> withFiles(List.of(new OutputFile("a", 0, 0644, List.of()),
        new OutputFile("a/b", 0, 0644, List.of())))).hasMessageContaining("also the directory of a/b");
    assertThatThrownBy(() -> withFiles(List.of(new OutputFile("a", 0, 0644, List.of()),
        new OutputFile("a", 0, 0644, List.of())))).hasMessageContaining("listed twice");
  }

  @Test
  void theMacCoversOutputFilesAndLeavesManifestsWithoutThemAsTheyWere() {
    ManifestAuthenticator mac = new ManifestAuthenticator(new byte[32]);
    Manifest one = withFiles(List.of(new OutputFile("a", 17, 0644, List.of(new ChunkRef(HASH_B, 17)))));
    Manifest renamed = withFiles(List.of(new OutputFile("b", 17, 0644, List.of(new ChunkRef(HASH_B, 17)))));
    Manifest none = withFiles(List.of());

    assertThat(mac.mac(KEY, one)).isNotEqualTo(mac.mac(KEY, renamed)).isNotEqualTo(mac.mac(KEY, none));
    // Without files the MAC input is what earlier releases computed (no "files" part).
    assertThat(new String(ManifestAuthenticator.macInput(KEY, none), StandardCharsets.ISO_8859_1)).doesNotContain("files");
    assertThat(new String(ManifestAuthenticator.macInput(KEY, one), StandardCharsets.ISO_8859_1)).contains("files");
  }
}
