-- What a user task's form opens with in the ward app, as Tasklist pre-fills it: the task's
-- variables that its form names, as the creating task listener saw them.
create table user_task_form_data (
    user_task_key bigint primary key references user_task (user_task_key),
    variables     text   not null
);
