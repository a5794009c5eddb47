package io.tern.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRequestTest {

  @Test
  void writesTheFieldsOfASubmissionWithTheResourcesAndOnlyWhatWasSet() {
    JobRequest request = JobRequest.ofType("primes").name("p").parameter("limit", "1000").memoryMb(256)
        .checkpointIntervalSeconds(1).maxRetries(3);

    assertThat(request.toJson()).isEqualTo(
        "{\"name\":\"p\",\"type\":\"primes\",\"parameters\":{\"limit\":\"1000\"},"
            + "\"resources\":{\"slots\":1,\"memoryMb\":256},\"checkpointIntervalSeconds\":1,\"maxRetries\":3}");
  }

  @Test
  void aJobGivenByItsClassCarriesTheEntryClassAndDefaultResources() {
    Map<String, Object> body = JobRequest.ofEntryClass("com.example.Job").retainCheckpoints(2).priority(5).toMap();

    assertThat(body).containsEntry("entryClass", "com.example.Job").doesNotContainKey("type").doesNotContainKey("name")
        .containsEntry("resources", Map.of("slots", 1, "memoryMb", 128))
        .containsEntry("retainCheckpoints", 2).containsEntry("priority", 5);
  }
}
