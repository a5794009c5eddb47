-- The failure detector now runs on the elected leader replica (io.tern.scheduler.leader), not as a
-- Quartz job: remove the Quartz job and trigger earlier versions registered, so no replica tries to
-- load the class that no longer exists.
DELETE FROM qrtz_simple_triggers WHERE trigger_name = 'worker-liveness' AND trigger_group = 'tern';
DELETE FROM qrtz_fired_triggers WHERE trigger_name = 'worker-liveness' AND trigger_group = 'tern';
DELETE FROM qrtz_triggers WHERE trigger_name = 'worker-liveness' AND trigger_group = 'tern';
DELETE FROM qrtz_job_details WHERE job_name = 'worker-liveness' AND job_group = 'tern';
