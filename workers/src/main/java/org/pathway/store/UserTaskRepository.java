package org.pathway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class UserTaskRepository {

  private final JdbcClient jdbc;

  public UserTaskRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records a created task once: a listener job delivered twice, also to two instances at the same
   * moment, adds no second row and fails neither delivery (the key's conflict is the answer).
   */
  public boolean insertIfAbsent(UserTaskRow t) {
    return jdbc.sql(
                """
                insert into user_task (user_task_key, process_instance_key, element_id, name, form_id,
                    patient_id, day_post_infusion, candidate_groups, due_at, priority, state, created_at)
                values (:key, :pi, :element, :name, :form, :patient, :day, :groups, :due, :priority,
                    'CREATED', :created)
                on conflict do nothing
                """)
            .param("key", t.userTaskKey())
            .param("pi", t.processInstanceKey())
            .param("element", t.elementId())
            .param("name", t.name())
            .param("form", t.formId())
            .param("patient", t.patientId())
            .param("day", t.dayPostInfusion())
            .param("groups", "," + String.join(",", t.candidateGroups()) + ",")
            .param("due", PatientRepository.utc(t.dueAt()))
            .param("priority", t.priority())
            .param("created", PatientRepository.utc(t.createdAt()))
            .update()
        == 1;
  }

  /**
   * What the task's form opens with: the task's variables that its form names (JSON), as the
   * creating listener saw them. Stored once, like the task.
   */
  public void saveFormData(long userTaskKey, String variablesJson) {
    jdbc.sql(
            "insert into user_task_form_data (user_task_key, variables) values (:key, :vars)"
                + " on conflict do nothing")
        .param("key", userTaskKey)
        .param("vars", variablesJson)
        .update();
  }

  /** The task's form data (JSON), if the listener stored any. */
  public Optional<String> formData(long userTaskKey) {
    return jdbc.sql("select variables from user_task_form_data where user_task_key = :key")
        .param("key", userTaskKey)
        .query(String.class)
        .optional();
  }

  /** Moves an open task to COMPLETED or CANCELED; a repeated call changes nothing. */
  public boolean end(long userTaskKey, UserTaskRow.State state, Instant at) {
    return jdbc.sql(
                "update user_task set state = :state, ended_at = :at"
                    + " where user_task_key = :key and state = 'CREATED'")
            .param("state", state.name())
            .param("at", PatientRepository.utc(at))
            .param("key", userTaskKey)
            .update()
        == 1;
  }

  public Optional<UserTaskRow> find(long userTaskKey) {
    return jdbc.sql("select * from user_task where user_task_key = :key")
        .param("key", userTaskKey)
        .query(UserTaskRepository::map)
        .optional();
  }

  /** Open tasks, by due date (undated last), then priority (highest first), then age. */
  public List<UserTaskRow> findOpen(String patientId, String candidateGroup) {
    return jdbc.sql(
            """
            select * from user_task
            where state = 'CREATED'
              and (cast(:patient as varchar) is null or patient_id = :patient)
              and (cast(:grp as varchar) is null or candidate_groups like :grpPattern)
            order by due_at asc nulls last, priority desc nulls last, created_at, user_task_key
            """)
        .param("patient", patientId)
        .param("grp", candidateGroup)
        .param("grpPattern", candidateGroup == null ? null : "%," + candidateGroup + ",%")
        .query(UserTaskRepository::map)
        .list();
  }

  /** Open tasks of a model element (a task type). */
  public long countOpen(String elementId) {
    return jdbc.sql("select count(*) from user_task where state = 'CREATED' and element_id = :element")
        .param("element", elementId)
        .query(Long.class)
        .single();
  }

  /** Open tasks of a model element that were due before the time. */
  public long countOverdue(String elementId, Instant at) {
    return jdbc.sql(
            "select count(*) from user_task where state = 'CREATED' and element_id = :element"
                + " and due_at < :at")
        .param("element", elementId)
        .param("at", PatientRepository.utc(at))
        .query(Long.class)
        .single();
  }

  /** Tasks created in [from, to), oldest first: what a compliance report counts. */
  public List<UserTaskRow> createdBetween(java.time.Instant from, java.time.Instant to) {
    return jdbc.sql(
            "select * from user_task where created_at >= :from and created_at < :to"
                + " order by created_at, user_task_key")
        .param("from", PatientRepository.utc(from))
        .param("to", PatientRepository.utc(to))
        .query(UserTaskRepository::map)
        .list();
  }

  private static UserTaskRow map(ResultSet rs, int row) throws SQLException {
    int day = rs.getInt("day_post_infusion");
    Integer dayOrNull = rs.wasNull() ? null : day;
    int priority = rs.getInt("priority");
    Integer priorityOrNull = rs.wasNull() ? null : priority;
    return new UserTaskRow(
        rs.getLong("user_task_key"),
        rs.getLong("process_instance_key"),
        rs.getString("element_id"),
        rs.getString("name"),
        rs.getString("form_id"),
        rs.getString("patient_id"),
        dayOrNull,
        Arrays.stream(rs.getString("candidate_groups").split(","))
            .filter(s -> !s.isEmpty())
            .toList(),
        instant(rs, "due_at"),
        priorityOrNull,
        UserTaskRow.State.valueOf(rs.getString("state")),
        instant(rs, "created_at"),
        instant(rs, "ended_at"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
