package org.pathway.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.pathway.api.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The REST API's OpenAPI document (/v3/api-docs) and Swagger UI (/swagger-ui.html), for anyone
 * signed in (ApiSecurity). It names the credentials the API takes in this mode: in Swagger UI,
 * "Authorize" with them sends them with each call (a write riding on the browser's session alone
 * would lack the session's CSRF token).
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs {

  @Bean
  OpenAPI pathwayApi(SecurityProperties security) {
    boolean oidc = security.mode() == SecurityProperties.Mode.OIDC;
    String scheme = oidc ? "bearer-token" : "demo-users";
    return new OpenAPI()
        .info(new Info()
            .title("Post-infusion care pathway API")
            .version("v1")
            .description("Enrollment, intake, tasks, episodes, reports, evaluation and model checks; errors are"
                + " RFC 7807 problem+json naming the field. See README, section API."))
        .components(new Components().addSecuritySchemes(scheme, oidc
            ? new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("an access token of the identity provider for audience " + security.oidc().audience())
            : new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("the demo users: nurse, physician, manager, integration, modeler")))
        .addSecurityItem(new SecurityRequirement().addList(scheme));
  }

  /**
   * Swagger UI's page stylesheet (its index.html links index.css after swagger-ui.css): this
   * service's, with colours that meet WCAG AA contrast. A controller mapping, so that it is served
   * before springdoc's resource handler for /swagger-ui/**.
   */
  @Controller
  static class SwaggerUiStyle {

    @GetMapping(path = "/swagger-ui/index.css", produces = "text/css")
    @ResponseBody
    Resource style() {
      return new ClassPathResource("swagger-ui/index.css");
    }
  }
}
