-- Units are converted once, where a criterion reads them (the grading, for the pathway and
-- ./pathway evaluate alike): the normalised copies stored beside each result are dropped, so no
-- second conversion can disagree with the first. Values stay as the laboratory sent them.
alter table lab_result drop column norm_value;
alter table lab_result drop column norm_unit;
alter table lab_result drop column norm_low;
alter table lab_result drop column norm_high;
