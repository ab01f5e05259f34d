package dev.syncmetrics.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A catalog blueprint in the vendor format (identifier, title, icon, schema, relations), loaded
 * from a JSON file under {@code mappings/}.
 *
 * @param identifier the blueprint's identifier, such as {@code integration_kind_metrics}
 * @param title its display title
 * @param definition the whole blueprint JSON, as written
 */
public record Blueprint(String identifier, String title, ObjectNode definition) {}
