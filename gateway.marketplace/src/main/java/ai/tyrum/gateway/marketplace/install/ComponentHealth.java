package ai.tyrum.gateway.marketplace.install;

import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Whether a started plugin's components came up: a bundle can be ACTIVE while a component of it threw
 * in its activate method (DS 1.5: the configuration is then {@code FAILED_ACTIVATION}), and a plugin
 * version like that has not started.
 */
final class ComponentHealth {

  private ComponentHealth() {}

  /** The first component of {@code bundle} that failed to activate, with SCR's message. */
  static Optional<String> failure(Optional<ServiceComponentRuntime> scr, Bundle bundle) {
    if (scr.isEmpty()) {
      return Optional.empty();
    }
    for (ComponentDescriptionDTO description : scr.get().getComponentDescriptionDTOs(bundle)) {
      for (ComponentConfigurationDTO configuration : scr.get().getComponentConfigurationDTOs(description)) {
        if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
          String why = configuration.failure == null ? "it failed to activate" : firstLine(configuration.failure);
          return Optional.of("component " + description.name + " failed to activate: " + why);
        }
      }
    }
    return Optional.empty();
  }

  private static String firstLine(String text) {
    return List.of(text.split("\\R", 2)).get(0);
  }
}
