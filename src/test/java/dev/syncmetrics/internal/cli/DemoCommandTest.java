package dev.syncmetrics.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  private final DemoCommand.IntervalConverter interval = new DemoCommand.IntervalConverter();

  @Test
  void intervalsTakeAUnitOrPlainSeconds() {
    assertEquals(Duration.ofSeconds(30), interval.convert("30s"));
    assertEquals(Duration.ofSeconds(45), interval.convert("45"));
    assertEquals(Duration.ofMinutes(2), interval.convert("2m"));
    assertEquals(Duration.ofMillis(500), interval.convert("500ms"));
    assertEquals(Duration.ofHours(1), interval.convert("1h"));
  }

  @Test
  void aZeroOrUnreadableIntervalIsRefusedWithItsValue() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> interval.convert("0s"))
            .getMessage()
            .contains("'0s'"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> interval.convert("soon"))
            .getMessage()
            .contains("'soon'"));
    assertThrows(IllegalArgumentException.class, () -> interval.convert(""));
  }

  @Test
  void demoIsACommandWithHelp() {
    assertEquals(0, Main.run("demo", "--help"));
    assertEquals(2, Main.run("demo", "--interval", "soon"));
  }
}
