package io.liondg.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Writes small files in the real CIFAR and IDX formats, with known contents. */
final class TestFiles {

  static final int CIFAR_PIXELS = 3072;

  private TestFiles() {}

  /** Known images and labels, and the bytes of one file holding them. */
  record Records(byte[] pixels, int[] labels, int[] coarse, byte[] fileBytes) {
    int size() {
      return labels.length;
    }
  }

  /** {@code n} random CIFAR records; {@code labelBytes} 1 (CIFAR-10) or 2 (CIFAR-100). */
  static Records cifar(Random rng, int n, int labelBytes, int classes) {
    byte[] pixels = new byte[n * CIFAR_PIXELS];
    rng.nextBytes(pixels);
    int[] labels = new int[n];
    int[] coarse = new int[n];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      labels[i] = rng.nextInt(classes);
      coarse[i] = labels[i] / 5;
      if (labelBytes == 2) {
        out.write(coarse[i]);
      }
      out.write(labels[i]);
      out.write(pixels, i * CIFAR_PIXELS, CIFAR_PIXELS);
    }
    return new Records(pixels, labels, coarse, out.toByteArray());
  }

  /** CIFAR-10 files: data_batch_1..5 with {@code perFile[0..4]} records, test_batch last. */
  static Map<String, Records> cifar10Files(long seed, int... perFile) {
    Random rng = new Random(seed);
    Map<String, Records> files = new LinkedHashMap<>();
    for (int b = 1; b <= 5; b++) {
      files.put("data_batch_" + b + ".bin", cifar(rng, perFile[b - 1], 1, 10));
    }
    files.put("test_batch.bin", cifar(rng, perFile[5], 1, 10));
    return files;
  }

  static Map<String, Records> cifar100Files(long seed, int train, int test) {
    Random rng = new Random(seed);
    Map<String, Records> files = new LinkedHashMap<>();
    files.put("train.bin", cifar(rng, train, 2, 100));
    files.put("test.bin", cifar(rng, test, 2, 100));
    return files;
  }

  static Path writeFolder(Path dir, Map<String, Records> files) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, Records> e : files.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue().fileBytes());
    }
    Files.writeString(dir.resolve("batches.meta.txt"), "airplane\nautomobile\n");
    return dir;
  }

  /** A .tar.gz laid out like the official one: a folder entry, then its files. */
  static Path writeTarGz(Path archive, String folder, Map<String, Records> files)
      throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(folder + "/readme.html", "<html></html>".getBytes(StandardCharsets.UTF_8));
    // Reverse order: the reader must not depend on the order of entries.
    String[] names = files.keySet().toArray(new String[0]);
    for (int i = names.length - 1; i >= 0; i--) {
      entries.put(folder + "/" + names[i], files.get(names[i]).fileBytes());
    }
    return writeTarGzEntries(archive, folder, entries);
  }

  static Path writeTarGzEntries(Path archive, String folder, Map<String, byte[]> entries)
      throws IOException {
    try (OutputStream file = Files.newOutputStream(archive);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      TarArchiveEntry dir = new TarArchiveEntry(folder + "/");
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return archive;
  }

  /** Concatenation of the pixels (or labels) of the named files, in order. */
  static byte[] pixels(Map<String, Records> files, String... names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : names) {
      out.writeBytes(files.get(name).pixels());
    }
    return out.toByteArray();
  }

  static int[] labels(Map<String, Records> files, String... names) {
    int[] all = new int[0];
    for (String name : names) {
      int[] more = files.get(name).labels();
      int[] joined = Arrays.copyOf(all, all.length + more.length);
      System.arraycopy(more, 0, joined, all.length, more.length);
      all = joined;
    }
    return all;
  }

  /** An IDX images file: magic, count, rows, cols, pixels. */
  static byte[] idxImages(int magic, int count, int rows, int cols, byte[] pixels) {
    ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
    b.putInt(magic).putInt(count).putInt(rows).putInt(cols).put(pixels);
    return b.array();
  }

  /** An IDX labels file: magic, count, labels. */
  static byte[] idxLabels(int magic, int count, byte[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(magic).putInt(count).put(labels);
    return b.array();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** Random Fashion-MNIST-shaped split: {@code n} 28x28 images. */
  record Idx(byte[] pixels, byte[] labels) {
    int[] labelInts() {
      int[] out = new int[labels.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = labels[i];
      }
      return out;
    }
  }

  static Idx idx(Random rng, int n) {
    byte[] pixels = new byte[n * 28 * 28];
    rng.nextBytes(pixels);
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) rng.nextInt(10);
    }
    return new Idx(pixels, labels);
  }

  /** Writes the four Fashion-MNIST files into {@code dir}, gzipped or raw. */
  static void writeFashion(Path dir, Idx train, Idx test, boolean gz) throws IOException {
    Files.createDirectories(dir);
    String ext = gz ? ".gz" : "";
    write(
        dir.resolve("train-images-idx3-ubyte" + ext),
        idxImages(2051, train.labels().length, 28, 28, train.pixels()),
        gz);
    write(
        dir.resolve("train-labels-idx1-ubyte" + ext),
        idxLabels(2049, train.labels().length, train.labels()),
        gz);
    write(
        dir.resolve("t10k-images-idx3-ubyte" + ext),
        idxImages(2051, test.labels().length, 28, 28, test.pixels()),
        gz);
    write(
        dir.resolve("t10k-labels-idx1-ubyte" + ext),
        idxLabels(2049, test.labels().length, test.labels()),
        gz);
  }

  static void write(Path file, byte[] data, boolean gz) throws IOException {
    Files.write(file, gz ? gzip(data) : data);
  }
}
