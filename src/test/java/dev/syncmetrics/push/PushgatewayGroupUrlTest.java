package dev.syncmetrics.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.PushGateway;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The group URL is the one simpleclient_pushgateway 0.16.0 built, quirks included. */
class PushgatewayGroupUrlTest {
  private static final OkHttpClient HTTP = new OkHttpClient();

  @Test
  void plainValuesAreUrlEncodedInThePath() throws Exception {
    assertSameUrl("http://127.0.0.1:9091", "sync", "github", "github-prod");
  }

  @Test
  void valuesWithSlashesGoAsBase64AndSpacesAsPlus() throws Exception {
    assertSameUrl("http://127.0.0.1:9091", "sync", "git hub", "org/repo?x=1");
  }

  @Test
  void emptyValuesNonAsciiAndAJobWithASlashAreEncodedTheSameWay() throws Exception {
    assertSameUrl("http://127.0.0.1:9091/", "batch/nightly", "", "équipe+ü");
  }

  @Test
  void aBasePathIsKept() throws Exception {
    assertSameUrl("http://127.0.0.1:9091/pushgateway/", "sync", "github", "gh");
  }

  private static void assertSameUrl(String base, String job, String type, String identifier) throws Exception {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("integration_type", type);
    key.put("integration_identifier", identifier);
    AtomicReference<String> seen = new AtomicReference<>();
    PushGateway library = new PushGateway(new URL(base));
    library.setConnectionFactory(url -> {
      seen.set(url);
      throw new IOException("captured");
    });
    try {
      library.push(new CollectorRegistry(), job, key);
    } catch (IOException expected) {
      // the URL is all we wanted
    }
    PushgatewaySink sink = new PushgatewaySink(URI.create(base), job, null, null, HTTP);
    assertEquals(seen.get(), sink.groupUrl(sink.groupingKey(type, identifier)));
  }
}
