package ai.tyrum.gateway.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.core.registry.ContributionOwners.Claim;
import ai.tyrum.gateway.core.registry.ContributionOwners.Slot;
import org.junit.jupiter.api.Test;

class ContributionOwnersTest {

  private static final Slot ECHO = new Slot(7, Contribution.tool, "echo");
  private final ContributionOwners<String> owners = new ContributionOwners<>();

  @Test
  void theFirstRegistrationOwnsAFreeSlot() {
    assertThat(owners.claim(ECHO, "first")).isEqualTo(Claim.granted);
    assertThat(owners.owner(ECHO)).contains("first");
  }

  @Test
  void theOwnerClaimingAgainKeepsItsSlot() {
    owners.claim(ECHO, "first");

    assertThat(owners.claim(ECHO, "first")).isEqualTo(Claim.granted);
  }

  @Test
  void aSecondRegistrationOfTheSameContributionIsADuplicateOnceThenStaysRefused() {
    owners.claim(ECHO, "first");

    assertThat(owners.claim(ECHO, "second")).isEqualTo(Claim.duplicate);
    assertThat(owners.claim(ECHO, "second")).isEqualTo(Claim.refused);
    assertThat(owners.owner(ECHO)).contains("first");
  }

  @Test
  void theSameNameOfAnotherKindOrAnotherBundleIsAnotherSlot() {
    owners.claim(ECHO, "tool");

    assertThat(owners.claim(new Slot(7, Contribution.command, "echo"), "command")).isEqualTo(Claim.granted);
    assertThat(owners.claim(new Slot(8, Contribution.tool, "echo"), "other plugin")).isEqualTo(Claim.granted);
  }

  @Test
  void aRefusedRegistrationIsNeverPromotedWhenTheOwnerGoes() {
    owners.claim(ECHO, "first");
    owners.claim(ECHO, "second");

    assertThat(owners.release("first")).isTrue();

    assertThat(owners.owner(ECHO)).isEmpty();
    assertThat(owners.claim(ECHO, "second")).isEqualTo(Claim.refused);
    assertThat(owners.claim(ECHO, "third")).isEqualTo(Claim.granted);
  }

  @Test
  void releasingARefusedRegistrationLeavesTheOwnerServing() {
    owners.claim(ECHO, "first");
    owners.claim(ECHO, "second");

    assertThat(owners.release("second")).isFalse();

    assertThat(owners.owner(ECHO)).contains("first");
  }

  @Test
  void releaseAllFreesTheBundlesSlotsButKeepsRefusalsSticky() {
    owners.claim(ECHO, "first");
    owners.claim(ECHO, "second");

    owners.releaseAll(7);

    assertThat(owners.owner(ECHO)).isEmpty();
    assertThat(owners.claim(ECHO, "second")).isEqualTo(Claim.refused);
    assertThat(owners.claim(ECHO, "first")).isEqualTo(Claim.granted);
  }

  @Test
  void forgetClearsRefusalsOfTheBundle() {
    owners.claim(ECHO, "first");
    owners.claim(ECHO, "second");

    owners.forget(7);

    assertThat(owners.claim(ECHO, "second")).isEqualTo(Claim.granted);
  }
}
