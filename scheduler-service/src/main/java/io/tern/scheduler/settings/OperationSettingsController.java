package io.tern.scheduler.settings;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tern.scheduler.security.CurrentCaller;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/settings/operations} (OPERATOR): drain/rebalance settings changed at run time. */
@RestController
@RequestMapping("/api/v1/settings/operations")
@Tag(name = "Operations settings", description = "Parallel migrations and rebalancing, changed at run time")
public class OperationSettingsController {

  private final OperationSettingsService settings;
  private final CurrentCaller caller;

  public OperationSettingsController(OperationSettingsService settings, CurrentCaller caller) {
    this.settings = settings;
    this.caller = caller;
  }

  /** The settings in force. */
  @GetMapping
  @Operation(summary = "Operation settings in force")
  public OperationSettings get() {
    return settings.current();
  }

  /** Replaces the settings (all fields required); answers what is in force. */
  @PutMapping
  @Operation(summary = "Change the operation settings (all fields)")
  public OperationSettings put(@NotNull @RequestBody OperationSettings body) {
    return settings.update(body, caller.get().owner());
  }
}
