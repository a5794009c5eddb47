package io.tern.scheduler.worker;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Row of {@code workers}. A worker keeps its id across registrations under the same name. */
@Entity
@Table(name = "workers")
public class WorkerEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  @Enumerated(EnumType.STRING)
  private WorkerState state;

  private int slots;

  @Column(name = "memory_mb")
  private long memoryMb;

  @JdbcTypeCode(SqlTypes.JSON)
  private Map<String, String> labels = new LinkedHashMap<>();

  @Column(name = "software_version")
  private String softwareVersion;

  @Column(name = "registered_at")
  private Instant registeredAt;

  @Column(name = "last_seen_at")
  private Instant lastSeenAt;

  /** SHA-256 (hex) of the worker's current secret; replaced at every registration. */
  @Column(name = "secret_hash")
  private String secretHash;

  /** A cordoned worker takes no new work; its running attempts stay. Kept across registrations. */
  private boolean cordoned;

  @Column(name = "cordon_reason")
  private String cordonReason;

  @Version private long version;

  protected WorkerEntity() {}

  /** A newly registered, ACTIVE worker. */
  public WorkerEntity(String name, Instant now) {
    this.name = name;
    this.state = WorkerState.ACTIVE;
    this.registeredAt = now;
    this.lastSeenAt = now;
  }

  /** (Re-)registration: new capacity, ACTIVE again. */
  public void registered(int slots, long memoryMb, Map<String, String> labels, String softwareVersion, Instant now) {
    this.slots = slots;
    this.memoryMb = memoryMb;
    this.labels = labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
    this.softwareVersion = softwareVersion;
    this.state = WorkerState.ACTIVE;
    this.registeredAt = now;
    this.lastSeenAt = now;
  }

  /** A new secret was handed to the worker; only its hash is kept. */
  public void rotateSecret(String newSecretHash) {
    this.secretHash = newSecretHash;
  }

  /** SHA-256 (hex) of the worker's current secret, null before its first registration. */
  public String getSecretHash() {
    return secretHash;
  }

  /** A heartbeat arrived. */
  public void seen(Instant now) {
    this.lastSeenAt = now;
  }

  /** No new work from now on. */
  public void cordon(String reason) {
    this.cordoned = true;
    this.cordonReason = reason;
  }

  /** Eligible for new work again. */
  public void uncordon() {
    this.cordoned = false;
    this.cordonReason = null;
  }

  public boolean isCordoned() {
    return cordoned;
  }

  public String getCordonReason() {
    return cordonReason;
  }

  /** Whether placement may give this worker new work: ACTIVE and not cordoned. */
  public boolean isEligible() {
    return state == WorkerState.ACTIVE && !cordoned;
  }

  /** Declared LOST after a silence. */
  public void lost() {
    this.state = WorkerState.LOST;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public WorkerState getState() {
    return state;
  }

  public int getSlots() {
    return slots;
  }

  public long getMemoryMb() {
    return memoryMb;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public String getSoftwareVersion() {
    return softwareVersion;
  }

  public Instant getRegisteredAt() {
    return registeredAt;
  }

  public Instant getLastSeenAt() {
    return lastSeenAt;
  }
}
