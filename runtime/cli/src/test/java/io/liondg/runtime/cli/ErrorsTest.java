package io.liondg.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.liondg.runtime.data.DataException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  @Test
  void fileSystemErrorsSayWhatHappenedToWhichFile() {
    assertEquals("/x/y: no such file or folder", Errors.describe(new NoSuchFileException("/x/y")));
    assertEquals("/x: permission denied", Errors.describe(new AccessDeniedException("/x")));
    assertEquals("disk full", Errors.describe(new IOException("disk full")));
  }

  @Test
  void userFacingErrorsAreFoundInTheCauseChain() {
    DataException data = new DataException("f: truncated");
    assertSame(data, Errors.userFacing(new RuntimeException("wrapped", data)));
    assertNull(Errors.userFacing(new NullPointerException()));
  }

  @Test
  void messagesBecomeOneLine() {
    assertEquals("a b", Errors.oneLine("a\n  b\n"));
    assertEquals("(no message)", Errors.oneLine(null));
  }
}
