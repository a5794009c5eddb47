package io.tern.scheduler.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransitionTableTest {

  enum Light { RED, GREEN }

  enum Signal { GO, STOP }

  @Test
  void refusesTransitionsThatWereNotDeclared() {
    TransitionTable<Light, Signal> table =
        TransitionTable.builder("light", Light.class, Signal.class).on(Light.RED, Signal.GO, Light.GREEN).build();
    assertThat(table.next(Light.RED, Signal.GO)).isEqualTo(Light.GREEN);
    assertThatThrownBy(() -> table.next(Light.GREEN, Signal.GO))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("The light is GREEN and cannot take GO now.");
  }

  @Test
  void rejectsADuplicateDeclaration() {
    assertThatThrownBy(
            () ->
                TransitionTable.builder("light", Light.class, Signal.class)
                    .on(Light.RED, Signal.GO, Light.GREEN)
                    .on(Light.RED, Signal.GO, Light.RED))
        .isInstanceOf(IllegalStateException.class);
  }
}
