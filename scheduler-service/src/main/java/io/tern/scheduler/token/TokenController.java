package io.tern.scheduler.token;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/tokens}: API tokens (ADMIN only, enforced by the security configuration). */
@RestController
@RequestMapping("/api/v1/tokens")
public class TokenController {

  private final ApiTokenService tokens;

  public TokenController(ApiTokenService tokens) {
    this.tokens = tokens;
  }

  /** Creates a token; 201 with its text, shown this once. */
  @PostMapping
  public ResponseEntity<CreatedTokenView> create(@Valid @RequestBody CreateTokenRequest request) {
    return ResponseEntity.status(HttpStatus.CREATED).body(tokens.create(request));
  }

  /** All tokens, without their secrets. */
  @GetMapping
  public List<TokenView> list() {
    return tokens.list();
  }

  /** Revokes a token at once; requests that carry it are refused from now on. */
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void revoke(@PathVariable @Positive(message = "must be a positive number") long id) {
    tokens.revoke(id);
  }
}
