package io.tern.scheduler.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code operation_settings}: one setting changed at run time. */
@Entity
@Table(name = "operation_settings")
public class OperationSettingEntity {

  @Id private String name;

  private String value;

  @Column(name = "updated_by")
  private String updatedBy;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected OperationSettingEntity() {}

  public OperationSettingEntity(String name, String value, String updatedBy, Instant updatedAt) {
    this.name = name;
    this.value = value;
    this.updatedBy = updatedBy;
    this.updatedAt = updatedAt;
  }

  public String getName() {
    return name;
  }

  public String getValue() {
    return value;
  }
}
