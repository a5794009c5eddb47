package io.tern.bench;

import com.github.luben.zstd.Zstd;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Compresses chunks of each {@link StateSamples} kind with zstd (levels 1..3) and lz4 on one thread
 * and prints ratio and throughput (ADR 0002). Run:
 * {@code java -cp bench/target/tern-bench.jar io.tern.bench.CompressionComparison [chunkKiB]}.
 */
public final class CompressionComparison {

  private static final int TOTAL = 64 * 1024 * 1024;

  private CompressionComparison() {}

  /** Entry point; optional argument: chunk size in KiB (default 64). */
  public static void main(String[] args) {
    int chunkSize = (args.length > 0 ? Integer.parseInt(args[0]) : 64) * 1024;
    System.out.printf(Locale.ROOT, "chunk %d KiB, %d MiB per kind, one thread%n", chunkSize / 1024, TOTAL >> 20);
    System.out.printf(Locale.ROOT, "%-15s %-7s %7s %12s %12s%n", "state", "codec", "ratio", "comp MB/s", "decomp MB/s");
    for (StateSamples kind : StateSamples.values()) {
      byte[] data = kind.bytes(TOTAL, 42);
      for (Codec codec : codecs()) {
        measure(kind, codec, data, chunkSize); // warm-up
        Result result = measure(kind, codec, data, chunkSize);
        System.out.printf(Locale.ROOT, "%-15s %-7s %7.2f %12.0f %12.0f%n", kind, codec.name(), result.ratio(),
            result.compressMBps(), result.decompressMBps());
      }
    }
  }

  private static Result measure(StateSamples kind, Codec codec, byte[] data, int chunkSize) {
    long compressedBytes = 0;
    List<byte[]> compressed = new ArrayList<>();
    long start = System.nanoTime();
    for (int off = 0; off < data.length; off += chunkSize) {
      byte[] out = codec.compress(data, off, chunkSize);
      compressed.add(out);
      compressedBytes += out.length;
    }
    long compressNanos = System.nanoTime() - start;
    byte[] target = new byte[chunkSize];
    start = System.nanoTime();
    for (byte[] chunk : compressed) {
      codec.decompress(chunk, target);
    }
    long decompressNanos = System.nanoTime() - start;
    return new Result((double) data.length / compressedBytes, data.length / (compressNanos / 1e3),
        data.length / (decompressNanos / 1e3));
  }

  private static List<Codec> codecs() {
    List<Codec> codecs = new ArrayList<>();
    for (int level = 1; level <= 3; level++) {
      codecs.add(zstd(level));
    }
    LZ4Factory factory = LZ4Factory.fastestInstance();
    LZ4Compressor lz4 = factory.fastCompressor();
    LZ4FastDecompressor lz4d = factory.fastDecompressor();
    codecs.add(new Codec() {
      @Override public String name() { return "lz4"; }
      @Override public byte[] compress(byte[] src, int off, int len) {
        byte[] out = new byte[lz4.maxCompressedLength(len)];
        int n = lz4.compress(src, off, len, out, 0, out.length);
        return java.util.Arrays.copyOf(out, n);
      }
      @Override public void decompress(byte[] src, byte[] dst) {
        lz4d.decompress(src, 0, dst, 0, dst.length);
      }
    });
    return codecs;
  }

  private static Codec zstd(int level) {
    return new Codec() {
      @Override public String name() { return "zstd-" + level; }
      @Override public byte[] compress(byte[] src, int off, int len) {
        byte[] out = new byte[(int) Zstd.compressBound(len)];
        long n = Zstd.compressByteArray(out, 0, out.length, src, off, len, level);
        return java.util.Arrays.copyOf(out, (int) n);
      }
      @Override public void decompress(byte[] src, byte[] dst) {
        Zstd.decompressByteArray(dst, 0, dst.length, src, 0, src.length);
      }
    };
  }

  private interface Codec {
    String name();
    byte[] compress(byte[] src, int off, int len);
    void decompress(byte[] src, byte[] dst);
  }

  private record Result(double ratio, double compressMBps, double decompressMBps) {}
}
