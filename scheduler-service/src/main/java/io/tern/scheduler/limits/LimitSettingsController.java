package io.tern.scheduler.limits;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tern.scheduler.security.CurrentCaller;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/settings/limits} (OPERATOR): per-owner limits and allowed entry classes, changed at run time. */
@RestController
@RequestMapping("/api/v1/settings/limits")
@Tag(name = "Limit settings", description = "Per-owner limits and allowed entry classes, changed at run time")
public class LimitSettingsController {

  private final LimitSettingsService settings;
  private final CurrentCaller caller;

  public LimitSettingsController(LimitSettingsService settings, CurrentCaller caller) {
    this.settings = settings;
    this.caller = caller;
  }

  /** The limits in force. */
  @GetMapping
  @Operation(summary = "Limits in force")
  public LimitSettings get() {
    return settings.current();
  }

  /** Replaces the limits (all fields required); answers what is in force. */
  @PutMapping
  @Operation(summary = "Change the limits (all fields)")
  public LimitSettings put(@NotNull @RequestBody LimitSettings body) {
    return settings.update(body, caller.get().owner());
  }
}
