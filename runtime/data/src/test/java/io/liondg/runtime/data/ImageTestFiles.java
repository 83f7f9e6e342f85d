package io.liondg.runtime.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Generates small image-folder datasets (PNG or JPEG files in {@code train/<class>/} and {@code
 * test/<class>/}) with known pixels, as a folder, a {@code .tar.gz} or a {@code .zip}.
 */
final class ImageTestFiles {

  private ImageTestFiles() {}

  /**
   * One generated file.
   *
   * @param path its path below the dataset's root, e.g. {@code train/cat/b.png}
   * @param bytes the encoded file
   * @param channels 1 for grey, 3 for RGB
   * @param height rows
   * @param width columns
   * @param chw the pixels it must decode to, channel-major (exact for PNG)
   */
  record Img(String path, byte[] bytes, int channels, int height, int width, byte[] chw) {
    String split() {
      return path.substring(0, path.indexOf('/'));
    }

    String className() {
      String rest = path.substring(path.indexOf('/') + 1);
      return rest.substring(0, rest.indexOf('/'));
    }

    String fileName() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  /** A random RGB image, encoded as {@code format} ("png" or "jpg"). */
  static Img rgb(String path, int height, int width, Random rng, String format) {
    byte[] chw = new byte[3 * height * width];
    rng.nextBytes(chw);
    return rgb(path, height, width, chw, format);
  }

  /** An RGB image with the given channel-major pixels. */
  static Img rgb(String path, int height, int width, byte[] chw, String format) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int r = chw[i] & 0xFF;
        int g = chw[plane + i] & 0xFF;
        int b = chw[2 * plane + i] & 0xFF;
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return new Img(path, encode(image, format), 3, height, width, chw);
  }

  /** A random 8-bit grey PNG. */
  static Img grey(String path, int height, int width, Random rng) {
    byte[] hw = new byte[height * width];
    rng.nextBytes(hw);
    return grey(path, height, width, hw);
  }

  /** An 8-bit grey PNG with the given pixels. */
  static Img grey(String path, int height, int width, byte[] hw) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    int[] samples = new int[hw.length];
    for (int i = 0; i < hw.length; i++) {
      samples[i] = hw[i] & 0xFF;
    }
    image.getRaster().setSamples(0, 0, width, height, 0, samples);
    return new Img(path, encode(image, "png"), 1, height, width, hw);
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The images of one split in the order the reader must return them: class, then file name. */
  static List<Img> sorted(List<Img> images, String split) {
    return images.stream()
        .filter(i -> i.split().equals(split))
        .sorted(Comparator.comparing(Img::className).thenComparing(Img::fileName))
        .toList();
  }

  /** Their pixels, concatenated, each image expanded to {@code channels}. */
  static byte[] pixels(List<Img> images, int channels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Img img : images) {
      if (img.channels() == channels) {
        out.writeBytes(img.chw());
      } else {
        for (int c = 0; c < channels; c++) {
          out.writeBytes(img.chw());
        }
      }
    }
    return out.toByteArray();
  }

  /** Their labels: the index of each image's class among {@code classes}. */
  static int[] labels(List<Img> images, List<String> classes) {
    return images.stream().mapToInt(i -> classes.indexOf(i.className())).toArray();
  }

  /** Writes the images below {@code root} (created). */
  static Path writeFolder(Path root, List<Img> images) throws IOException {
    Files.createDirectories(root);
    for (Img img : images) {
      Path file = root.resolve(img.path());
      Files.createDirectories(file.getParent());
      Files.write(file, img.bytes());
    }
    return root;
  }

  /** Archive entries, in the order given: {@code top/} + each image's path (no top if null). */
  static List<Map.Entry<String, byte[]>> entries(String top, List<Img> images) {
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
    for (Img img : images) {
      entries.add(Map.entry(top == null ? img.path() : top + "/" + img.path(), img.bytes()));
    }
    return entries;
  }

  /** A .tar.gz of the entries in order; names ending in '/' become folder entries. */
  static Path writeTarGz(Path archive, List<Map.Entry<String, byte[]>> entries) throws IOException {
    try (OutputStream file = Files.newOutputStream(archive);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file)) {
      writeTar(gz, entries);
    }
    return archive;
  }

  /** An uncompressed .tar of the entries in order. */
  static Path writeTar(Path archive, List<Map.Entry<String, byte[]>> entries) throws IOException {
    try (OutputStream file = Files.newOutputStream(archive)) {
      writeTar(file, entries);
    }
    return archive;
  }

  /**
   * Where entry {@code k} of a tar written by {@link #writeTar} starts: each entry before it is a
   * 512-byte header and its data padded to 512 bytes (names here are short: no extra headers).
   */
  static int tarOffset(List<Map.Entry<String, byte[]>> entries, int k) {
    int offset = 0;
    for (int i = 0; i < k; i++) {
      offset += 512 + (entries.get(i).getValue().length + 511) / 512 * 512;
    }
    return offset;
  }

  private static void writeTar(OutputStream out, List<Map.Entry<String, byte[]>> entries)
      throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        if (!e.getKey().endsWith("/")) {
          entry.setSize(e.getValue().length);
        }
        tar.putArchiveEntry(entry);
        if (!e.getKey().endsWith("/")) {
          tar.write(e.getValue());
        }
        tar.closeArchiveEntry();
      }
    }
  }

  /** A .zip of the entries in order; names ending in '/' become folder entries. */
  static Path writeZip(Path archive, List<Map.Entry<String, byte[]>> entries) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
      for (Map.Entry<String, byte[]> e : entries) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        if (!e.getKey().endsWith("/")) {
          zip.write(e.getValue());
        }
        zip.closeEntry();
      }
    }
    return archive;
  }

  /** Cuts a file to the first half of its bytes, as an interrupted download leaves it. */
  static Path truncateToHalf(Path file) throws IOException {
    return truncate(file, (int) (Files.size(file) / 2));
  }

  /** Cuts a file to its first {@code length} bytes. */
  static Path truncate(Path file, int length) throws IOException {
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, length));
    return file;
  }
}
