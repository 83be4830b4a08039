package org.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pathway.clinical.FeaturePolicy;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;

/**
 * ./pathway evaluate runs without Spring and uses FeaturePolicy.defaults(); the service binds
 * application.yml. Both must mean the same policies, or the CLI and the pathway would grade apart.
 */
class PolicyDefaultsTest {

  @Test
  void theServiceAndTheCommandLineUseTheSameDefaults() throws Exception {
    var sources = new YamlPropertySourceLoader().load("app", new ClassPathResource("application.yml"));
    var env = new org.springframework.core.env.StandardEnvironment();
    sources.forEach(env.getPropertySources()::addLast);
    PathwayProperties fromYaml =
        new Binder(ConfigurationPropertySources.get(env)).bindOrCreate("pathway", PathwayProperties.class);
    PathwayProperties annotated =
        new Binder(ConfigurationPropertySources.from(new MapPropertySource("empty", java.util.Map.of())))
            .bindOrCreate("pathway", PathwayProperties.class);
    assertThat(fromYaml.rules().featurePolicy()).isEqualTo(FeaturePolicy.defaults());
    assertThat(annotated.rules().featurePolicy()).isEqualTo(FeaturePolicy.defaults());
  }
}
