package dev.syncmetrics.internal.catalog.store;

/**
 * Something a write could not do as asked, while the rest was written: a search query that matched
 * no entity, or too many for a relation.
 *
 * @param blueprint the blueprint of the entity concerned
 * @param identifier the entity, or null when a search query found none
 * @param field the field concerned, such as {@code identifier} or {@code relations.owner}
 * @param message what happened, and what was kept
 */
public record WriteProblem(String blueprint, String identifier, String field, String message) {}
