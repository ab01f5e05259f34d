package dev.syncmetrics.internal.catalog.http;

import java.io.IOException;

/** Answers the requests of one route. May throw {@link HttpError} to refuse a request. */
@FunctionalInterface
public interface Handler {
  Response handle(Request request) throws IOException;
}
