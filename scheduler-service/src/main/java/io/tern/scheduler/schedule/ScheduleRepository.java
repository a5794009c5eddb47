package io.tern.scheduler.schedule;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Access to {@code schedules}. */
public interface ScheduleRepository extends JpaRepository<ScheduleEntity, Long> {

  /** All schedules by name. */
  List<ScheduleEntity> findAllByOrderByNameAsc();

  /** The schedule called {@code name}. */
  Optional<ScheduleEntity> findByName(String name);

  /** Deletes a schedule whatever its version (a firing may have just updated it). */
  @Modifying
  @Query("delete from ScheduleEntity s where s.id = :id")
  int deleteNow(long id);
}
