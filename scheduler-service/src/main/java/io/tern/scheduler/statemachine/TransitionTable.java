package io.tern.scheduler.statemachine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An explicit lifecycle: every allowed {@code (state, event) → state} pair is listed; anything not
 * listed is illegal. Immutable once built.
 *
 * @param <S> the state enum
 * @param <E> the event enum
 */
public final class TransitionTable<S extends Enum<S>, E extends Enum<E>> {

  /** One allowed transition. */
  public record Transition<S, E>(S from, E event, S to) {}

  private final String name;
  private final Map<S, Map<E, S>> table;
  private final Set<Transition<S, E>> transitions;

  private TransitionTable(String name, Map<S, Map<E, S>> table, Set<Transition<S, E>> transitions) {
    this.name = name;
    this.table = table;
    this.transitions = Collections.unmodifiableSet(transitions);
  }

  /** Starts a table for the lifecycle called {@code name} (used in error messages). */
  public static <S extends Enum<S>, E extends Enum<E>> Builder<S, E> builder(
      String name, Class<S> states, Class<E> events) {
    return new Builder<>(name, states, events);
  }

  /**
   * The state reached from {@code from} on {@code event}.
   *
   * @throws IllegalTransitionException when the table has no such transition
   */
  public S next(S from, E event) {
    S to = table.get(from).get(event);
    if (to == null) {
      throw new IllegalTransitionException(name, from, event);
    }
    return to;
  }

  /** Whether {@code event} is allowed in state {@code from}. */
  public boolean allows(S from, E event) {
    return table.get(from).containsKey(event);
  }

  /** Every allowed transition, in declaration order. */
  public Set<Transition<S, E>> transitions() {
    return transitions;
  }

  /** Collects the transitions of a table. */
  public static final class Builder<S extends Enum<S>, E extends Enum<E>> {
    private final String name;
    private final Map<S, Map<E, S>> table;
    private final Set<Transition<S, E>> transitions = new LinkedHashSet<>();

    private Builder(String name, Class<S> states, Class<E> events) {
      this.name = name;
      this.table = new EnumMap<>(states);
      for (S s : states.getEnumConstants()) {
        table.put(s, new EnumMap<>(events));
      }
    }

    /** Allows {@code from --event--> to}. Declaring the same pair twice is a programming error. */
    public Builder<S, E> on(S from, E event, S to) {
      if (table.get(from).putIfAbsent(event, to) != null) {
        throw new IllegalStateException(name + ": duplicate transition " + from + " on " + event);
      }
      transitions.add(new Transition<>(from, event, to));
      return this;
    }

    /** The finished, immutable table. */
    public TransitionTable<S, E> build() {
      Map<S, Map<E, S>> frozen = new EnumMap<>(table);
      frozen.replaceAll((s, m) -> Collections.unmodifiableMap(new EnumMap<>((EnumMap<E, S>) m)));
      return new TransitionTable<>(name, Collections.unmodifiableMap(frozen), transitions);
    }
  }
}
