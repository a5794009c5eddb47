package io.tern.scheduler.leader;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the scheduler replica that answers knows about itself (role OPERATOR). */
@RestController
public class ReplicaController {

  private final LeaderElection leader;

  public ReplicaController(LeaderElection leader) {
    this.leader = leader;
  }

  /**
   * Whether the replica answering is the leader (places jobs, detects lost workers). Ask each replica
   * directly, not through a load balancer, to find the leader.
   *
   * @param leader whether this replica is the leader now
   * @param terms how many times this replica became leader since it started
   */
  public record ReplicaView(boolean leader, long terms) {}

  @Operation(summary = "Whether the scheduler replica answering is the leader")
  @GetMapping("/api/v1/replica")
  public ReplicaView replica() {
    return new ReplicaView(leader.isLeader(), leader.terms());
  }
}
