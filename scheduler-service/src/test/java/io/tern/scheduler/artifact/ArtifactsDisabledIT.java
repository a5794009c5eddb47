package io.tern.scheduler.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.support.SchedulerWithStorageIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** With {@code tern.artifacts.enabled=false} nobody uploads, and no job names artifacts. */
@SchedulerWithStorageIT
@TestPropertySource(properties = "tern.artifacts.enabled=false")
class ArtifactsDisabledIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void uploadsAndSubmissionsWithArtifactsAreRefused() {
    Tables tables = new Tables(jdbc);
    tables.clear();
    TernClient admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    String before = tables.fingerprint();

    Response upload = admin.uploadArtifact(TestJars.application("com.off", 1).build(), "off.jar", null);
    assertThat(upload.status()).isEqualTo(403);
    assertThat(upload.problemType()).isEqualTo("artifacts-disabled");
    assertThat(upload.text("detail")).contains("tern.artifacts.enabled=false");

    Response submit = admin.post("/api/v1/jobs",
        "{\"entryClass\": \"com.off.CountJob\", \"artifacts\": [\"sha256:" + "a".repeat(64) + "\"]}");
    assertThat(submit.status()).isEqualTo(403);
    assertThat(submit.problemType()).isEqualTo("artifacts-disabled");
    assertThat(tables.fingerprint()).isEqualTo(before);
    assertThat(admin.post("/api/v1/jobs", "{\"type\": \"pi\"}").status()).as("catalog jobs still run").isEqualTo(201);
  }
}
