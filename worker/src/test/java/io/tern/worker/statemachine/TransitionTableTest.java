package io.tern.worker.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransitionTableTest {

  enum Light { OFF, ON }

  enum Switch { PRESS, CUT }

  @Test
  void takesListedTransitionsAndNamesTheRefusedOnes() {
    TransitionTable<Light, Switch> table = TransitionTable.builder("lamp", Light.class, Switch.class)
        .on(Light.OFF, Switch.PRESS, Light.ON)
        .on(Light.ON, Switch.PRESS, Light.OFF)
        .ignore(Light.OFF, Switch.CUT)
        .build();

    assertThat(table.take(Light.OFF, Switch.PRESS).to()).isEqualTo(Light.ON);
    assertThat(table.take(Light.OFF, Switch.CUT).to()).isEqualTo(Light.OFF);
    assertThat(table.transitions()).hasSize(3);
    assertThatThrownBy(() -> table.take(Light.ON, Switch.CUT))
        .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
          assertThat(e.lifecycle()).isEqualTo("lamp");
          assertThat(e.from()).isEqualTo(Light.ON);
          assertThat(e.event()).isEqualTo(Switch.CUT);
        })
        .hasMessage("lamp in state ON cannot take event CUT");
  }

  @Test
  void aPairListedTwiceIsRefused() {
    TransitionTable.Builder<Light, Switch> builder = TransitionTable.builder("lamp", Light.class, Switch.class)
        .on(Light.OFF, Switch.PRESS, Light.ON);

    assertThatThrownBy(() -> builder.on(Light.OFF, Switch.PRESS, Light.OFF))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("lamp: OFF on PRESS is listed twice");
  }
}
