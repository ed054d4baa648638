package ai.tyrum.gateway.policy.approval;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How long settled approvals are kept, configuration PID {@value #PID}; durations in ISO-8601 ({@code P30D}). */
@ObjectClassDefinition(
    name = "Tyrum approval retention",
    description = "When approvals that can no longer let a call run (used, denied, expired) are removed.")
public @interface ApprovalRetention {

  String PID = "tyrum.approvals";

  @AttributeDefinition(
      name = "Retention",
      description = "How long a settled approval stays readable (approval:list, GET /approvals), "
          + "as an ISO-8601 duration; PT0S removes it at the next sweep.")
  String retention() default "P30D";

  @AttributeDefinition(
      name = "Sweep interval",
      description = "How often retention runs after the sweep at start, as an ISO-8601 duration.")
  String sweep_interval() default "PT1H";
}
