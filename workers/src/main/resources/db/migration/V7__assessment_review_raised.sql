-- Whether the assessment put its suspicion to a physician: a later worsening is measured against
-- the values that physician saw (re-raised after a refuted suspicion or a closed episode).
alter table assessment add column review_raised boolean not null default false;
