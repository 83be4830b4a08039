-- Reference §5.2 "Retracted and censored results". A retraction (entered-in-error, or cancelled for
-- a result never final) is stored as one more row of the result it retracts, so the history is kept
-- and the grading resolves every row by one rule. A bound ("<700") keeps its comparator: without it
-- the bound would be graded as the value.
alter table lab_result add column comparator varchar(2);
-- Identifiers of retracted results an assessment may have used (one per line): shown to physicians
-- for review, since the decision was taken on a result that no longer counts.
alter table assessment add column retracted_results text;
