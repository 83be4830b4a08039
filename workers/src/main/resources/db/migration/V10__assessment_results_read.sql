-- What an assessment read (issue: every result version reaches the grades): how many stored lab
-- rows of the patient (rows are only ever added, so "the first N rows" is exact), and the results
-- among them that were new since the assessment before, as identifier, version, status and time.
alter table assessment add column labs_read integer;
alter table assessment add column results_read text;
