package dev.syncmetrics.internal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCounterTest {
  @TempDir Path dir;

  @Test
  void runsAreNumberedFromOneAndTheNumberOutlivesTheCounter() throws IOException {
    assertEquals(0, new RunCounter(dir).last());
    assertEquals(1, new RunCounter(dir).next());
    assertEquals(2, new RunCounter(dir).next());
    assertEquals(2, new RunCounter(dir).last());
  }

  @Test
  void aCounterFileThatIsNotANumberIsAnErrorSayingHowToRecover() throws IOException {
    Files.writeString(dir.resolve(RunCounter.FILE), "seven");
    IOException e = assertThrows(IOException.class, () -> new RunCounter(dir).next());
    assertTrue(
        e.getMessage().contains("'seven'") && e.getMessage().contains("delete it"), e.getMessage());
  }
}
