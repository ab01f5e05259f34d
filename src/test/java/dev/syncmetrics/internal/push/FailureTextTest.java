package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class FailureTextTest {
  private final FailureText text = new FailureText(List.of("hmacKeyValue", "pgPassw0rd"));

  @Test
  void aPlainAnswerKeepsItsWords() {
    assertEquals(
        "HTTP 503: {\"error\": \"database unavailable; retry\"}",
        text.status(503, "{\"error\":\n  \"database unavailable; retry\"}"));
    assertEquals("HTTP 500", text.status(500, ""));
  }

  @Test
  void configuredSecretsAreTakenOutAlsoEncoded() {
    String echoed =
        "got secret hmacKeyValue, url-encoded pgPassw0rd, base64 aG1hY0tleVZhbHVl and cGdQYXNzdzByZA==";
    String s = text.status(401, echoed);
    for (String secret :
        List.of("hmacKeyValue", "pgPassw0rd", "aG1hY0tleVZhbHVl", "cGdQYXNzdzByZA")) {
      assertFalse(s.contains(secret), s);
    }
  }

  @Test
  void credentialsQueryStringsAndTokensAreTakenOut() {
    String echoed =
        "POST /hook/in?token=tok3nInTheQuery&x=1 HTTP/1.1\r\n"
            + "Authorization: Basic dXNlcjpwYXNzd29yZA==\r\n"
            + "X-Api-Key: k3yk3yk3y\r\n"
            + "Referer: https://user:urlUserPass@hooks.example.com/in?sig=abc\r\n"
            + "body: {\"password\": \"hunter2\", \"access_token\":\"zzz\"} Bearer eyJhbGciOiJIUzI1NiJ9.e30";
    String s = text.clean(echoed);
    for (String secret :
        List.of(
            "tok3nInTheQuery",
            "dXNlcjpwYXNzd29yZA",
            "k3yk3yk3y",
            "urlUserPass",
            "sig=abc",
            "hunter2",
            "zzz",
            "eyJhbGciOiJIUzI1NiJ9")) {
      assertFalse(s.contains(secret), secret + " in " + s);
    }
    assertTrue(s.startsWith("POST /hook/in?*** HTTP/1.1 Authorization: ***"), s);
  }

  @Test
  void controlCharactersGoAndTheExcerptIsShort() {
    String s = text.status(500, "a\u0000b\u001b[31mc " + "x".repeat(5000));
    assertFalse(s.contains("\u0000") || s.contains("\u001b"), s);
    assertTrue(s.length() <= "HTTP 500: ".length() + FailureText.MAX_EXCERPT + 3, s);
  }

  @Test
  void aLongBodyCutMidTokenDropsThePartialToken() {
    String body = "x ".repeat((FailureText.READ_LIMIT - 10) / 2) + "partialSecretThatGoesOnAndOn";
    String cut = body.substring(0, FailureText.READ_LIMIT);
    assertFalse(text.excerpt(cut).contains("partial"), text.excerpt(cut));
  }

  @Test
  void aRedirectNamesItsLocationResolvedAndRedacted() {
    HttpUrl target = HttpUrl.get("https://hooks.example.com/in/webhook");
    assertEquals(
        "HTTP 302 redirect to https://sso.example.com/login?***, not followed: set the URL to"
            + " where it should go",
        text.redirect(302, "https://user:pw@sso.example.com/login?next=/in&token=x", target)
            .replace("***@", ""));
    assertTrue(
        text.redirect(301, "/v2/webhook", target)
            .startsWith("HTTP 301 redirect to https://hooks.example.com/v2/webhook,"));
    assertTrue(text.redirect(307, null, target).contains("no Location"));
  }
}
