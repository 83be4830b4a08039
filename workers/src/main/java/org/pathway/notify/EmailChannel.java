package org.pathway.notify;

import java.util.Properties;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/** Pages by e-mail over SMTP (pathway.paging.email; off while its host is blank). */
@Component
public class EmailChannel implements Channel {

  private final PagingProperties.Email config;
  private final JavaMailSenderImpl sender;

  public EmailChannel(PagingProperties properties) {
    this.config = properties.email();
    this.sender = new JavaMailSenderImpl();
    if (config != null && config.configured()) {
      sender.setHost(config.host());
      sender.setPort(config.port());
      if (config.username() != null && !config.username().isBlank()) {
        sender.setUsername(config.username());
        sender.setPassword(config.password());
      }
      Properties mail = sender.getJavaMailProperties();
      mail.put("mail.smtp.auth", String.valueOf(sender.getUsername() != null));
      mail.put("mail.smtp.starttls.enable", String.valueOf(config.starttls()));
      mail.put("mail.smtp.starttls.required", String.valueOf(config.starttls()));
      // a page must not hang on an unreachable server: the job's retries take over
      mail.put("mail.smtp.connectiontimeout", "10000");
      mail.put("mail.smtp.timeout", "10000");
      mail.put("mail.smtp.writetimeout", "10000");
    }
  }

  @Override
  public String name() {
    return "EMAIL";
  }

  @Override
  public boolean configured() {
    return config != null && config.configured();
  }

  @Override
  public boolean reaches(PagingProperties.OnCall person) {
    return configured() && person.email() != null && !person.email().isBlank();
  }

  @Override
  public void send(PageMessage page) throws DeliveryFailed {
    SimpleMailMessage mail = new SimpleMailMessage();
    mail.setFrom(config.from());
    mail.setTo(page.recipient().email());
    mail.setSubject(page.subject());
    mail.setText(page.text());
    try {
      sender.send(mail);
    } catch (MailException e) {
      throw new DeliveryFailed("SMTP " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
  }
}
