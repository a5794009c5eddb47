package io.tern.scheduler.settings;

import org.springframework.data.jpa.repository.JpaRepository;

/** Access to {@code operation_settings}. */
public interface OperationSettingRepository extends JpaRepository<OperationSettingEntity, String> {}
