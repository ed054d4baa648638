package ai.tyrum.gateway.policy.exposure;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The exposure part of policy (configuration PID {@code tyrum.policy.exposure}). */
@ObjectClassDefinition(
    name = "Tyrum tool exposure",
    description = "Which plugin tools agents see. Opt-in tools need their exact id in tools.allow.")
@interface ExposureConfig {

  @AttributeDefinition(
      name = "Allowlist",
      description = "Exact tool ids that opt-in tools need; wildcards here never opt a tool in.")
  String[] tools_allow() default {};

  @AttributeDefinition(
      name = "Deny patterns",
      description = "Tool id patterns ('*' matches any run of characters) hidden from every agent.")
  String[] tools_deny() default {};
}
