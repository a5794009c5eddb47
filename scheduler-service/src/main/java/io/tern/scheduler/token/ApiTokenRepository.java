package io.tern.scheduler.token;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Access to {@code api_tokens}. */
public interface ApiTokenRepository extends JpaRepository<ApiTokenEntity, Long> {

  /** The token with this hash (unique index). */
  Optional<ApiTokenEntity> findByTokenHash(String tokenHash);

  /** All tokens, oldest first. */
  List<ApiTokenEntity> findAllByOrderByIdAsc();
}
