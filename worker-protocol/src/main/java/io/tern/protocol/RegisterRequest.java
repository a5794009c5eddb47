package io.tern.protocol;

import java.util.Map;

/** {@code POST /internal/v1/workers/register}: a worker announces itself (also after a restart). */
public record RegisterRequest(String name, int slots, long memoryMb, Map<String, String> labels, String version) {}
