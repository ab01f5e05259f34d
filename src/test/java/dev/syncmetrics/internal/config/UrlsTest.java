package dev.syncmetrics.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void credentialsQueryAndFragmentAreHidden() {
    assertEquals(
        "https://***@hooks.example.com/in?***#***",
        Urls.redact("https://user:pw@hooks.example.com/in?token=x#frag"));
  }

  @Test
  void tokenLikePathSegmentsAreHidden() {
    assertEquals(
        "https://ingest.example.com/***",
        Urls.redact("https://ingest.example.com/a1b2c3d4e5f6g7h8i9"));
    assertEquals(
        "http://127.0.0.1:8080/webhook/kinds", Urls.redact("http://127.0.0.1:8080/webhook/kinds"));
  }

  @Test
  void textThatIsNotAUrlIsCutAtItsQuery() {
    assertEquals("not a url", Urls.redact("not a url"));
    assertEquals("***@host/x?***", Urls.redact("user:secret@host/x?key=v"));
  }

  @Test
  void aUrlThatDoesNotParseStillShowsItsHostAndPort() {
    assertEquals(
        "http://hooks.example.com:-1/hook?***",
        Urls.redact("http://hooks.example.com:-1/hook?t=1"));
    assertEquals("http://bücher.example/hook", Urls.redact("http://bücher.example/hook"));
    assertEquals("http://***@host:99999/x", Urls.redact("http://u:p@host:99999/x"));
  }

  @Test
  void portsOutsideOneTo65535AreNamedAsTheProblem() {
    for (String port : new String[] {"0", "99999", "-1", "65536"}) {
      Urls.Parsed p = Urls.parse("http://127.0.0.1:" + port + "/hook");
      assertNull(p.url(), port);
      assertEquals("has port '" + port + "': a port must be a number from 1 to 65535", p.problem());
    }
    assertEquals(65535, Urls.parse("http://127.0.0.1:65535/hook").url().port());
  }

  @Test
  void internationalHostsAreSentInTheirAsciiForm() {
    HttpUrl url = Urls.parse("https://bücher.example/hook").url();
    assertEquals("xn--bcher-kva.example", url.host());
    assertEquals("https://xn--bcher-kva.example/hook", url.toString());
  }

  @Test
  void otherSchemesAndBadHostsAreRefusedInWords() {
    assertEquals("must start with http:// or https://", Urls.parse("ftp://x/y").problem());
    assertEquals(
        "must start with http:// or https://", Urls.parse("hooks.example.com/in").problem());
    assertTrue(Urls.parse("http://exa mple.com/in").problem().startsWith("has no valid host name"));
    assertEquals("must not be empty", Urls.parse(" ").problem());
  }

  @Test
  void theSecretPartsOfAUrlAreItsPasswordQueryAndTokenLikeSegments() {
    List<String> parts =
        Urls.secretParts(HttpUrl.get("https://u:pw12@h.example/in/Ab12Cd34Ef56Gh78?token=t0k&x=1"));
    assertTrue(
        parts.containsAll(List.of("pw12", "token=t0k&x=1", "t0k", "Ab12Cd34Ef56Gh78")),
        parts.toString());
    assertFalse(parts.contains("in"), parts.toString());
  }
}
