-- Changing a reason a person chose (a reclassification) needs an electronic signature: who signed and what it means
-- are kept with the change, next to who made it.
ALTER TABLE downtime_reason_change ADD COLUMN signed_by text NULL;
ALTER TABLE downtime_reason_change ADD COLUMN signature_meaning text NULL;
