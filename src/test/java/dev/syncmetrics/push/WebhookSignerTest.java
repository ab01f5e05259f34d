package dev.syncmetrics.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

  @Test
  void signsExactlyAsTheSharedSignatureScheme() {
    WebhookSigner signer = new WebhookSigner(SECRET);
    byte[] body = "{\"kind_identifier\":\"repository-12\"}".getBytes(StandardCharsets.UTF_8);
    String signature = signer.sign(1763719200L, body);
    assertEquals(WebhookSignature.sign(SECRET, 1763719200L, body), signature);
    assertTrue(WebhookSignature.verify(SECRET, 1763719200L, body, signature));
  }

  @Test
  void aReusedMacCarriesNothingOverFromTheLastBody() {
    WebhookSigner signer = new WebhookSigner(SECRET);
    byte[] first = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] second = "{\"b\":2}".getBytes(StandardCharsets.UTF_8);
    signer.sign(1L, first);
    assertEquals(WebhookSignature.sign(SECRET, 2L, second), signer.sign(2L, second));
    assertNotEquals(signer.sign(2L, first), signer.sign(2L, second));
  }

  @Test
  void signsCorrectlyFromManyThreadsAtOnce() throws Exception {
    WebhookSigner signer = new WebhookSigner(SECRET);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> checks = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long ts = i;
        byte[] body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        checks.add(
            pool.submit(
                () -> signer.sign(ts, body).equals(WebhookSignature.sign(SECRET, ts, body))));
      }
      for (Future<Boolean> check : checks) {
        assertTrue(check.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
