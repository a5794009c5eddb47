package io.tern.scheduler.job;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tern.jobs.*}: the catalog of named job types ({@code tern.jobs.types.<name>=<entry class>},
 * added to the built-in {@code pi}, {@code primes}, {@code pagerank} and {@code lines}). A submission may name a
 * catalog type's entry class directly; other entry classes only when an operator allowed them
 * ({@code tern.limits.allowed-entry-classes}, {@code PUT /api/v1/settings/limits}).
 */
@ConfigurationProperties("tern.jobs")
public class JobCatalogProperties {

  private final Map<String, String> types = new LinkedHashMap<>();

  public JobCatalogProperties() {
    types.put("pi", "io.tern.examples.MonteCarloPiJob");
    types.put("primes", "io.tern.examples.PrimeCountJob");
    types.put("pagerank", "io.tern.examples.PageRankJob");
    types.put("lines", "io.tern.examples.NumberedLinesJob");
  }

  /** Type name → entry class. */
  public Map<String, String> getTypes() {
    return types;
  }
}
