package io.tern.scheduler.security;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: who the credentials in this request belong to (the dashboard shows it). */
@RestController
public class MeController {

  private final CurrentCaller caller;

  public MeController(CurrentCaller caller) {
    this.caller = caller;
  }

  /** The caller's owner name and role. */
  @GetMapping("/api/v1/me")
  public Caller me() {
    return caller.get();
  }
}
