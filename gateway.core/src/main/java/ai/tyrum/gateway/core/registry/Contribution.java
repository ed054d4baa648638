package ai.tyrum.gateway.core.registry;

/** The kinds of runtime contribution a plugin registers as services. */
public enum Contribution {
  tool("tyrum.tool.name"),
  command("tyrum.command.name"),
  route("tyrum.route.path");

  private final String nameProperty;

  Contribution(String nameProperty) {
    this.nameProperty = nameProperty;
  }

  /** The service property that names the declared contribution a service implements. */
  public String nameProperty() {
    return nameProperty;
  }
}
