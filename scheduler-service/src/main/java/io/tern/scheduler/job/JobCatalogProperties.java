package io.tern.scheduler.job;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tern.jobs.*}: the catalog of named job types ({@code tern.jobs.types.<name>=<entry class>},
 * added to the built-in {@code pi}, {@code primes} and {@code pagerank}) and whether users may
 * submit any entry class ({@code tern.jobs.allow-entry-class}, default true).
 */
@ConfigurationProperties("tern.jobs")
public class JobCatalogProperties {

  private final Map<String, String> types = new LinkedHashMap<>();
  private boolean allowEntryClass = true;

  public JobCatalogProperties() {
    types.put("pi", "io.tern.examples.MonteCarloPiJob");
    types.put("primes", "io.tern.examples.PrimeCountJob");
    types.put("pagerank", "io.tern.examples.PageRankJob");
  }

  /** Type name → entry class. */
  public Map<String, String> getTypes() {
    return types;
  }

  public boolean isAllowEntryClass() {
    return allowEntryClass;
  }

  public void setAllowEntryClass(boolean allowEntryClass) {
    this.allowEntryClass = allowEntryClass;
  }
}
