-- When the patient's pathway instance completed (its process end listener): results that arrive
-- afterwards are stored, and the sender is told that nothing assesses them any more.
alter table patient add column monitoring_ended_at timestamp with time zone;
