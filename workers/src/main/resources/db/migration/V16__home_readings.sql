-- Home-monitoring readings of outpatient step-up dosing (reference §12, §12.1), kept beside the
-- bedside entries in their own shape: they are not part of the iec-timeline/1 document.
alter table bedside_entry drop constraint bedside_entry_kind;
alter table bedside_entry add constraint bedside_entry_kind
    check (kind in ('VITALS', 'NEURO', 'TREATMENT', 'FINDING', 'HOME_READING'));
