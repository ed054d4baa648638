package ai.tyrum.gateway.core.registry;

/** The kinds of runtime contribution a plugin registers as services. */
public enum Contribution {
  tool("tyrum.tool.name", "tyrum.tool.plugin"),
  command("tyrum.command.name", "tyrum.command.plugin"),
  route("tyrum.route.path", "tyrum.route.plugin");

  private final String nameProperty;
  private final String pluginProperty;

  Contribution(String nameProperty, String pluginProperty) {
    this.nameProperty = nameProperty;
    this.pluginProperty = pluginProperty;
  }

  /** The service property that names the plugin the service claims to belong to. */
  public String pluginProperty() {
    return pluginProperty;
  }

  /** The service property that names the declared contribution a service implements. */
  public String nameProperty() {
    return nameProperty;
  }
}
