package io.tern.scheduler.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {

  @Test
  void aSchemaAtTheLatestKnownVersionFits() {
    assertThat(SchemaCheck.problem("10", "10", List.of(), List.of())).isNull();
  }

  @Test
  void aDatabaseWithoutHistoryHasNoSchema() {
    assertThat(SchemaCheck.problem(null, "10", List.of("1", "2"), List.of()))
        .isEqualTo("The database has no Tern schema (no Flyway schema history); this build needs schema version 10.");
  }

  @Test
  void anOlderSchemaNamesThePendingMigrations() {
    assertThat(SchemaCheck.problem("8", "10", List.of("9", "10"), List.of()))
        .isEqualTo("The database schema is at version 8, older than this build needs (10; 2 migration(s) pending: 9, 10).");
  }

  @Test
  void aNewerSchemaNamesTheUnknownVersions() {
    assertThat(SchemaCheck.problem("12", "10", List.of(), List.of("11", "12")))
        .isEqualTo("The database schema is at version 12, newer than this build knows (it knows up to 10; unknown: 11, 12):"
            + " a newer Tern migrated it.");
  }
}
