package dev.syncmetrics.internal.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {
  @Test
  void visibleAsciiIsSentAsItIs() {
    String key = "5b1f0d2e-7c1a-4f1e-9c3b-2a6d8e9f0a1b:merge-request-3";
    assertEquals(key, IdempotencyKey.header(key));
    assertEquals(key, IdempotencyKey.key(key));
  }

  @Test
  void anyKindNameBecomesAHeaderOfVisibleAsciiAndReadsBackTheSame() {
    for (String kind :
        List.of(
            "café",
            "日本語",
            "tab\there",
            "new\nline",
            "nul\u0000",
            "50%",
            "%C3%A9",
            " spaced ",
            "😀")) {
      String key = "e1:" + kind + "-0";
      String header = IdempotencyKey.header(key);
      assertTrue(header.chars().allMatch(c -> c > 0x20 && c < 0x7f), header);
      assertEquals(key, IdempotencyKey.key(header), header);
    }
    assertEquals("e1:caf%C3%A9-0", IdempotencyKey.header("e1:café-0"));
  }

  @Test
  void headersNotWrittenByTheReporterAreReadAsTheyAre() {
    assertEquals("e1:50%-0", IdempotencyKey.key("e1:50%-0"));
    assertEquals("e1:%FF-0", IdempotencyKey.key("e1:%FF-0"), "not UTF-8");
    assertEquals("e1:%", IdempotencyKey.key("e1:%"));
  }
}
