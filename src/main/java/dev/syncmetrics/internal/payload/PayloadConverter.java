package dev.syncmetrics.internal.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmetrics.Payload;
import dev.syncmetrics.PayloadFormat;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.shape.PayloadKeys;
import dev.syncmetrics.internal.shape.PayloadKeys.Field;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites payloads in another format (what {@code push} does when a file's format is not {@code
 * METRICS_PAYLOAD_FORMAT}): each is read back into its run with {@link PayloadReader} and written
 * again by {@link PayloadWriter}, keeping its ids, figures, time and reporter version. A payload
 * already in the format is kept byte for byte.
 *
 * <pre>{@code
 * List<Payload> sent = PayloadConverter.to(PayloadFormat.OCEAN, PayloadReader.parse(file, bytes));
 * }</pre>
 */
public final class PayloadConverter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PayloadConverter() {}

  /** The payloads in {@code format}, in the order given. */
  public static List<Payload> to(PayloadFormat format, List<Payload> payloads) {
    Map<String, List<Payload>> byEvent = new LinkedHashMap<>();
    for (Payload p : payloads) {
      byEvent.computeIfAbsent(p.eventId(), e -> new ArrayList<>()).add(p);
    }
    Map<Payload, Payload> converted = new LinkedHashMap<>();
    for (List<Payload> event : byEvent.values()) {
      RunSnapshot run = null;
      for (Payload p : event) {
        JsonNode body = tree(p);
        if (PayloadReader.formatOf(body) == format) {
          converted.put(p, p);
          continue;
        }
        if (run == null) {
          run = PayloadReader.run(event);
        }
        String version = PayloadKeys.text(body, Field.REPORTER_VERSION);
        PayloadWriter writer = new PayloadWriter(version == null ? "" : version, format);
        converted.put(
            p, new Payload(p.eventId(), p.kindIdentifier(), writer.write(run, kind(run, p))));
      }
    }
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(converted.get(p));
    }
    return out;
  }

  private static KindSnapshot kind(RunSnapshot run, Payload p) {
    for (KindSnapshot k : run.kinds()) {
      if (k.kindIdentifier().equals(p.kindIdentifier())) {
        return k;
      }
    }
    return run.runtime();
  }

  private static JsonNode tree(Payload p) {
    try {
      return JSON.readTree(p.body());
    } catch (IOException e) {
      throw new PayloadReader.InvalidPayloadException(p.idempotencyKey() + ": not valid JSON");
    }
  }
}
