package io.liondg.runtime.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Decodes one PNG or JPEG file with {@link ImageIO} into channel-major bytes (C x H x W). Greyscale
 * images keep their one channel's samples as they are (no colour-space conversion); everything else
 * goes through {@link BufferedImage#getRGB} to 8-bit sRGB. Alpha is dropped.
 */
final class ImageDecoder {

  static {
    // No disk cache for decoding from memory: it is slower and leaves temporary files behind.
    ImageIO.setUseCache(false);
  }

  /**
   * One decoded image.
   *
   * @param grey whether it has a single grey channel
   * @param height rows
   * @param width columns
   * @param image the decoded image
   */
  record Decoded(boolean grey, int height, int width, BufferedImage image) {}

  private ImageDecoder() {}

  /**
   * @param bytes the encoded file
   * @param where the file's name, for messages
   * @param size the side to resize to (bilinear), or 0 to keep the size
   * @return the image
   * @throws DataException if ImageIO cannot decode it
   */
  static Decoded decode(byte[] bytes, String where, int size) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new DataException(
          where + " is not a decodable image (" + e.getMessage() + "); expected a PNG or JPEG file",
          e);
    }
    if (image == null) {
      throw new DataException(where + " is not a decodable image; expected a PNG or JPEG file");
    }
    boolean grey = isGrey(image.getColorModel());
    if (size > 0 && (image.getHeight() != size || image.getWidth() != size)) {
      image = resize(image, grey, size);
    }
    return new Decoded(grey, image.getHeight(), image.getWidth(), image);
  }

  /**
   * Writes the image's pixels into {@code out} at {@code offset}: {@code channels} planes of {@code
   * height * width} bytes. A grey image written as 3 channels repeats its plane.
   */
  static void copyPixels(Decoded d, int channels, byte[] out, int offset) {
    int plane = d.height * d.width;
    if (d.grey) {
      Raster raster = d.image.getRaster();
      int shift = Math.max(0, d.image.getColorModel().getComponentSize(0) - 8);
      int[] samples = raster.getSamples(0, 0, d.width, d.height, 0, new int[plane]);
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < plane; i++) {
          out[offset + c * plane + i] = (byte) (samples[i] >>> shift);
        }
      }
      return;
    }
    int[] argb = d.image.getRGB(0, 0, d.width, d.height, null, 0, d.width);
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      out[offset + i] = (byte) (p >>> 16);
      out[offset + plane + i] = (byte) (p >>> 8);
      out[offset + 2 * plane + i] = (byte) p;
    }
  }

  private static boolean isGrey(ColorModel model) {
    return model.getNumColorComponents() == 1 && !(model instanceof IndexColorModel);
  }

  private static BufferedImage resize(BufferedImage image, boolean grey, int size) {
    BufferedImage out =
        new BufferedImage(
            size, size, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
