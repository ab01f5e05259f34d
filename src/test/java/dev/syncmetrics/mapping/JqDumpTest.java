package dev.syncmetrics.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Numbers and strings as jq 1.6 writes them (each expected text is what Debian's jq 1.6 printed).
 */
class JqDumpTest {
  @Test
  void integersBelow1e16PrintAllTheirDigits() {
    assertEquals("0", JqDump.number(0.0));
    assertEquals("3", JqDump.number(3.0));
    assertEquals("-42", JqDump.number(-42.0));
    assertEquals("1000000000000000", JqDump.number(1e15));
    assertEquals("123456789012", JqDump.number(123456789012.0));
  }

  @Test
  void fractionsPrintTheShortestDigitsThatReadBackAsTheSameDouble() {
    assertEquals("1.5", JqDump.number(1.5));
    assertEquals("0.30000000000000004", JqDump.number(0.1 + 0.2));
    assertEquals("0.3333333333333333", JqDump.number(1.0 / 3));
    assertEquals("3.14159", JqDump.number(3.14159));
    assertEquals("0.0001", JqDump.number(0.0001));
    assertEquals("0.1", JqDump.number(0.1));
  }

  @Test
  void smallAndLargeNumbersGetAnExponentOfAtLeastTwoDigits() {
    assertEquals("1e-05", JqDump.number(1e-5));
    assertEquals("1.234e-05", JqDump.number(0.00001234));
    assertEquals("-1e-07", JqDump.number(-1e-7));
    assertEquals("1e+16", JqDump.number(1e16));
    assertEquals("1e+17", JqDump.number(1e17));
    assertEquals("1e+21", JqDump.number(1e21));
    assertEquals("1.23e+20", JqDump.number(1.23e20));
    assertEquals("1.5e+300", JqDump.number(1.5e300));
    assertEquals("12345678901234568", JqDump.number(12345678901234567.0));
    assertEquals("18446744073709552000", JqDump.number(18446744073709551616.0));
  }

  @Test
  void infinitiesAreTheLargestDoubleAndNanIsNull() {
    assertEquals("1.7976931348623157e+308", JqDump.number(Double.POSITIVE_INFINITY));
    assertEquals("-1.7976931348623157e+308", JqDump.number(Double.NEGATIVE_INFINITY));
    assertEquals("null", JqDump.number(Double.NaN));
  }

  @Test
  void negativeZeroKeepsItsSign() {
    assertEquals("-0", JqDump.number(-0.0));
  }

  @Test
  void integersHeldExactlyKeepTheirDigits() {
    // jq 1.6 would print 12345678901234568 and 1e+20: identifiers must survive, so these do not
    assertEquals("12345678901234567", JqDump.number(LongNode.valueOf(12345678901234567L)));
    assertEquals(
        "100000000000000000000",
        JqDump.number(BigIntegerNode.valueOf(new BigInteger("100000000000000000000"))));
  }

  @Test
  void stringsEscapeQuotesBackslashesAndControlCharactersOnly() {
    StringBuilder out = new StringBuilder();
    JqDump.string("a\"b\\c\n\t\r\b\f\u0001\u007fé😀/", out);
    assertEquals("\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u007fé😀/\"", out.toString());
  }

  @Test
  void errorMessagesCutValuesLongerThanFourteenCharacters() {
    assertEquals(
        "string (\"abcdefghijkl\")", JqValues.describe(MappingsTest.json("\"abcdefghijkl\"")));
    assertEquals(
        "string (\"abcdefghij...)", JqValues.describe(MappingsTest.json("\"abcdefghijklm\"")));
    assertEquals("number (1e-05)", JqValues.describe(MappingsTest.json("1e-5")));
  }
}
