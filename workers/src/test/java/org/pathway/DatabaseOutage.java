package org.pathway;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Fault injection: while down, every attempt to get a database connection fails as it does when
 * the database server is unreachable. Wraps the service's own DataSource.
 */
public class DatabaseOutage extends DelegatingDataSource {

  private volatile boolean down;

  DatabaseOutage(DataSource target) {
    super(target);
  }

  public void begin() {
    down = true;
  }

  public void end() {
    down = false;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (down) {
      throw new SQLTransientConnectionException("Connection refused (injected database outage)");
    }
    return super.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Config {
    @Bean
    static BeanPostProcessor databaseOutageInjector() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof DataSource ds && !(bean instanceof DatabaseOutage)
              ? new DatabaseOutage(ds)
              : bean;
        }
      };
    }
  }
}
