package org.pathway.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what one request may make the service parse: the body size (413 when declared larger,
 * 400 when a chunked body runs over) and the JSON nesting depth.
 */
@Configuration(proxyBeanMethods = false)
public class RequestLimits extends OncePerRequestFilter {

  /** A body that ran over the limit while being read. */
  static final class TooLarge extends IOException {
    TooLarge(long max) {
      super("the request body is larger than " + max + " bytes");
    }
  }

  private final long maxBytes;
  private final int maxJsonDepth;
  private final AuditInterceptor audit;
  /* a provider: the ObjectMapper itself is built with this class's depth limit */
  private final ObjectProvider<ObjectMapper> json;

  public RequestLimits(
      @Value("${pathway.limits.max-request-size:5MB}") DataSize maxRequestSize,
      @Value("${pathway.limits.max-json-depth:64}") int maxJsonDepth,
      AuditInterceptor audit,
      ObjectProvider<ObjectMapper> json) {
    this.maxBytes = maxRequestSize.toBytes();
    this.maxJsonDepth = maxJsonDepth;
    this.audit = audit;
    this.json = json;
  }

  @Bean
  Jackson2ObjectMapperBuilderCustomizer jsonDepthLimit() {
    return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(maxJsonDepth).build()));
  }

  /**
   * No guessing at types: a number is not an enum ordinal ("therapyClass": 1 was read as CAR_T),
   * nor a date ("infusionAt": 0 was read as 1970-01-01).
   */
  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictTypes() {
    return builder -> builder
        .featuresToEnable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .postConfigurer(mapper -> mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
            .addDeserializer(java.time.Instant.class, new IsoInstant())));
  }

  /** An instant only as ISO-8601 text: Jackson's own also reads a number as epoch seconds. */
  static final class IsoInstant extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<java.time.Instant> {
    IsoInstant() {
      super(java.time.Instant.class);
    }

    @Override
    public java.time.Instant deserialize(
        com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctx)
        throws IOException {
      if (!p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
        return (java.time.Instant) ctx.handleUnexpectedToken(java.time.Instant.class, p);
      }
      return com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer.INSTANT.deserialize(p, ctx);
    }
  }

  /**
   * Tomcat answers "Expect: 100-continue" only when the body is read, so a client announcing a
   * body over the limit gets the 413 before it sends the body.
   */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnRead() {
    return factory -> factory.addConnectorCustomizers(
        connector -> connector.setProperty("continueResponseTiming", "onRead"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
      audit.record(request, response);
      String message = "the request body is larger than " + maxBytes + " bytes; nothing was read";
      if (FhirController.isFhir(request)) {
        FhirController.write(response, HttpStatus.PAYLOAD_TOO_LARGE,
            org.hl7.fhir.r4.model.OperationOutcome.IssueType.TOOLONG, message);
      } else {
        ApiProblems.write(request, response, json.getObject(), HttpStatus.PAYLOAD_TOO_LARGE, message);
      }
      return;
    }
    chain.doFilter(new Bounded(request, maxBytes), response);
  }

  /** Counts what is read of a body without a declared length. */
  private static final class Bounded extends HttpServletRequestWrapper {
    private final long max;
    private ServletInputStream stream;

    Bounded(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream = new ServletInputStream() {
          private long read;

          @Override
          public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++read > max) {
              throw new TooLarge(max);
            }
            return b;
          }

          @Override
          public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0 && (read += n) > max) {
              throw new TooLarge(max);
            }
            return n;
          }

          @Override
          public boolean isFinished() {
            return in.isFinished();
          }

          @Override
          public boolean isReady() {
            return in.isReady();
          }

          @Override
          public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
          }
        };
      }
      return stream;
    }
  }
}
