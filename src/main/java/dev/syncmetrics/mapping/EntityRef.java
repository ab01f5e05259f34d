package dev.syncmetrics.mapping;

/** A reference to an entity by blueprint and identifier, as a {@code delete} mapping yields. */
public record EntityRef(String blueprint, String identifier) {}
