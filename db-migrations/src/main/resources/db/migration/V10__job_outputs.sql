-- Tern scheduler schema, version 10: a completed job's published output files.
-- The worker that ran the job's succeeding attempt stored its output directory as the job left it as
-- a manifest jobs/<job>/outputs/<attempt number, 6 digits>.json (docs/image-format.md#output-files);
-- the scheduler records its key when it accepts that attempt's SUCCEEDED ending. The chunk collector
-- keeps its packs while the row exists.
ALTER TABLE jobs ADD COLUMN outputs_manifest_key TEXT;
