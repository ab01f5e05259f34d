package dev.syncmetrics.mapping;

/**
 * A rule of a {@link SearchQuery}: a {@link SearchQuery.Condition} or a nested {@link SearchQuery}.
 *
 * <pre>{@code
 * for (SearchRule rule : query.rules()) {
 *   if (rule instanceof SearchQuery.Condition c) { ... c.property() ... }
 * }
 * }</pre>
 */
public sealed interface SearchRule permits SearchQuery, SearchQuery.Condition {}
