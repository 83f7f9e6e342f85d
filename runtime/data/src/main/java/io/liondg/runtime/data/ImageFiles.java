package io.liondg.runtime.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The raw files of an image-folder dataset, {@code train/<class>/<file>} and {@code
 * test/<class>/<file>}, read from a folder or from a {@code .tar.gz}, {@code .tgz}, {@code .tar} or
 * {@code .zip} archive, with at most one top folder above {@code train/} and {@code test/} (as
 * archives usually have). Files are read whole into memory, undecoded; names starting with a dot
 * ({@code .DS_Store}) are skipped.
 */
final class ImageFiles {

  private static final int BUFFER = 1 << 20;
  private static final List<String> SPLITS = List.of("train", "test");

  /** One image file, still encoded. */
  record Entry(String split, String className, String where, byte[] bytes) {}

  /**
   * What was found.
   *
   * @param entries every image file
   * @param classFolders every class folder seen per split, even empty ones, as {@code split/class}
   */
  record Listing(List<Entry> entries, TreeSet<String> classFolders) {}

  private ImageFiles() {}

  /**
   * @return whether {@code path}'s name is one of the archive forms we read
   */
  static boolean isArchive(Path path) {
    String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar") || n.endsWith(".zip");
  }

  /**
   * The folder holding {@code train/} and {@code test/}: {@code dir} itself or its only sub-folder;
   * null if neither.
   */
  static Path root(Path dir) {
    if (hasSplits(dir)) {
      return dir;
    }
    List<Path> subs = subfolders(dir);
    return subs.size() == 1 && hasSplits(subs.get(0)) ? subs.get(0) : null;
  }

  /**
   * Reads every file.
   *
   * @param dataset the dataset's name, for messages
   * @param path a folder or an archive
   * @throws DataException if the layout is wrong or the archive cannot be read to its end
   */
  static Listing read(String dataset, Path path) {
    if (Files.isDirectory(path)) {
      Path root = root(path);
      if (root == null) {
        throw new DataException(
            dataset
                + ": no train/ and test/ folders in "
                + path
                + "; expected train/<class>/<image> and test/<class>/<image> there (or in its only"
                + " sub-folder)");
      }
      return readFolder(dataset, root);
    }
    if (!Files.isRegularFile(path)) {
      throw new DataException(
          dataset
              + ": "
              + path
              + " does not exist; expected a folder with"
              + " train/ and test/ class folders, or a .tar.gz or .zip of one");
    }
    if (!isArchive(path)) {
      throw new DataException(
          dataset
              + ": "
              + path
              + " is a file, not a folder; expected a"
              + " folder with train/ and test/ class folders, or a .tar.gz, .tgz, .tar or .zip of one");
    }
    Listing listing = new Listing(new ArrayList<>(), new TreeSet<>());
    String top =
        path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")
            ? readZip(dataset, path, listing)
            : readTar(dataset, path, listing);
    if (listing.classFolders.isEmpty()) {
      throw new DataException(
          dataset
              + ": "
              + path
              + " holds no train/<class>/ or"
              + " test/<class>/ folders"
              + (top == null ? "" : " under " + top + "/")
              + "; expected train/<class>/<image> and test/<class>/<image>, at most one folder deep");
    }
    return listing;
  }

  /**
   * The class folder names under {@code train/}, from names only (an archive's entries are listed,
   * not read): cheap enough to tell one image-folder dataset from another.
   *
   * @param path a folder or an archive
   * @return the sorted class names; empty if there are none or the archive cannot be read
   */
  static TreeSet<String> trainClasses(Path path) {
    TreeSet<String> classes = new TreeSet<>();
    if (Files.isDirectory(path)) {
      Path root = root(path);
      if (root != null) {
        subfolders(root.resolve("train")).forEach(d -> classes.add(d.getFileName().toString()));
      }
      return classes;
    }
    try {
      if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
          zip.stream().forEach(e -> addTrainClass(e.getName(), classes));
        }
      } else {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER);
            InputStream unzipped = CifarReader.gunzipIfNeeded(raw);
            TarArchiveInputStream tar = new TarArchiveInputStream(unzipped)) {
          TarArchiveEntry entry;
          while ((entry = tar.getNextEntry()) != null) {
            addTrainClass(entry.getName(), classes);
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      classes.clear(); // unreadable: the reader itself will say why
    }
    return classes;
  }

  private static void addTrainClass(String entryName, TreeSet<String> classes) {
    String[] parts = entryName.split("/");
    for (int i = 0; i < Math.min(2, parts.length - 1); i++) {
      if (parts[i].equals("train") && !hidden(parts[i + 1])) {
        classes.add(parts[i + 1]);
        return;
      }
    }
  }

  private static Listing readFolder(String dataset, Path root) {
    Listing listing = new Listing(new ArrayList<>(), new TreeSet<>());
    for (String split : SPLITS) {
      Path splitDir = root.resolve(split);
      for (Path classDir : subfolders(splitDir)) {
        String className = classDir.getFileName().toString();
        listing.classFolders.add(split + "/" + className);
        try (Stream<Path> files = Files.list(classDir)) {
          for (Path file : files.sorted().toList()) {
            if (hidden(file.getFileName().toString())) {
              continue;
            }
            if (!Files.isRegularFile(file)) {
              throw new DataException(
                  dataset
                      + ": "
                      + file
                      + " is not a file; expected only"
                      + " image files in "
                      + classDir);
            }
            listing.entries.add(
                new Entry(split, className, file.toString(), Files.readAllBytes(file)));
          }
        } catch (IOException e) {
          throw new DataException(dataset + ": cannot read " + classDir + ": " + e.getMessage(), e);
        }
      }
    }
    return listing;
  }

  /**
   * @return the top folder stripped from entry names, or null
   */
  private static String readTar(String dataset, Path archive, Listing listing) {
    String current = null;
    Prefix prefix = new Prefix();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
        InputStream unzipped = CifarReader.gunzipIfNeeded(raw);
        EndCheckingTar tar = new EndCheckingTar(unzipped)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        current = entry.getName();
        if (entry.isDirectory() || entry.isFile()) {
          byte[] bytes = entry.isFile() ? tar.readAllBytes() : null;
          add(dataset, archive, current, bytes, prefix, listing);
        }
      }
      if (!tar.sawEnd) {
        // Commons Compress takes a tar cut at (or inside) a header for a complete one.
        throw new IOException("it ends without tar's end-of-archive record");
      }
      // A cut-off gzip stream can end cleanly at an entry boundary; draining finds the gap.
      unzipped.transferTo(OutputStream.nullOutputStream());
    } catch (DataException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      throw new DataException(
          dataset
              + ": "
              + archive
              + " is truncated or not a .tar.gz/.tar"
              + " archive"
              + (current == null ? "" : " (at " + current + ")")
              + ": "
              + reason(e)
              + "; expected a complete archive of train/ and test/ class folders",
          e);
    }
    return prefix.top;
  }

  private static String readZip(String dataset, Path archive, Listing listing) {
    Prefix prefix = new Prefix();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        byte[] bytes = null;
        if (!entry.isDirectory()) {
          try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
          }
        }
        add(dataset, archive, entry.getName(), bytes, prefix, listing);
      }
    } catch (DataException e) {
      throw e;
    } catch (IOException e) {
      throw new DataException(
          dataset
              + ": "
              + archive
              + " is truncated or not a .zip archive: "
              + reason(e)
              + "; expected a complete archive of train/ and test/ class folders",
          e);
    }
    return prefix.top;
  }

  /** A tar stream that notes whether it met the zero record that ends a complete archive. */
  private static final class EndCheckingTar extends TarArchiveInputStream {
    boolean sawEnd;

    EndCheckingTar(InputStream in) {
      super(in);
    }

    @Override
    protected boolean isEOFRecord(byte[] record) {
      boolean end = super.isEOFRecord(record);
      // A null record is a short read: the stream ran out, not the archive.
      sawEnd |= end && record != null;
      return end;
    }
  }

  /** The one top folder an archive may have, fixed by the first entry under a split. */
  private static final class Prefix {
    String top;
    boolean fixed;
  }

  /**
   * Files one archive entry: {@code [top/]split/class/file} (or a class folder without a file).
   * Anything outside {@code train/} and {@code test/} (a README, a licence) is ignored.
   */
  private static void add(
      String dataset, Path archive, String name, byte[] bytes, Prefix prefix, Listing listing) {
    List<String> parts = new ArrayList<>(List.of(name.split("/")));
    parts.removeIf(p -> p.isEmpty() || p.equals("."));
    int split =
        SPLITS.contains(parts.isEmpty() ? "" : parts.get(0))
            ? 0
            : parts.size() > 1 && SPLITS.contains(parts.get(1)) ? 1 : -1;
    if (split < 0 || parts.size() < split + 2 || parts.stream().anyMatch(ImageFiles::hidden)) {
      return;
    }
    String top = split == 1 ? parts.get(0) : null;
    if (!prefix.fixed) {
      prefix.top = top;
      prefix.fixed = true;
    } else if (!Objects.equals(prefix.top, top)) {
      throw new DataException(
          dataset
              + ": "
              + archive
              + " has train/ or test/ under more than one"
              + " top folder ("
              + (prefix.top == null ? "the archive's root" : prefix.top + "/")
              + " and "
              + (top == null ? "the archive's root" : top + "/")
              + "); expected one data set per archive");
    }
    String splitName = parts.get(split);
    String className = parts.get(split + 1);
    int depth = parts.size() - split;
    if (bytes != null && depth == 2) {
      return; // a stray file beside the class folders (a README): neither a class nor data
    }
    listing.classFolders.add(splitName + "/" + className);
    if (bytes == null) {
      return; // a folder entry
    }
    if (depth > 3) {
      throw new DataException(
          dataset
              + ": "
              + archive
              + ": "
              + name
              + " is nested too deep;"
              + " expected "
              + splitName
              + "/"
              + className
              + "/<image>");
    }
    listing.entries.add(
        new Entry(splitName, className, archive.getFileName() + ": " + name, bytes));
  }

  /** The exception's message, or its class where it has none (a cut-off gzip's EOFException). */
  private static String reason(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static boolean hasSplits(Path dir) {
    return Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
  }

  private static List<Path> subfolders(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> !hidden(p.getFileName().toString()))
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new DataException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.equals("__MACOSX");
  }
}
