package dev.syncmetrics.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
