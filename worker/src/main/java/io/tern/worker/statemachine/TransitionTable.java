package io.tern.worker.statemachine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A lifecycle of the worker as a table: every allowed {@code (state, event) → state} is listed, anything
 * else is an {@link IllegalTransitionException}. Immutable once built.
 *
 * @param <S> the states
 * @param <E> the events
 */
public final class TransitionTable<S extends Enum<S>, E extends Enum<E>> {

  /** One allowed transition. */
  public record Transition<S, E>(S from, E event, S to) {}

  private final String name;
  private final Map<S, Map<E, S>> next;
  private final Set<Transition<S, E>> transitions;

  private TransitionTable(String name, Map<S, Map<E, S>> next, Set<Transition<S, E>> transitions) {
    this.name = name;
    this.next = next;
    this.transitions = Collections.unmodifiableSet(transitions);
  }

  /** Starts the table of the lifecycle called {@code name} (the name appears in error messages). */
  public static <S extends Enum<S>, E extends Enum<E>> Builder<S, E> builder(String name, Class<S> states,
      Class<E> events) {
    return new Builder<>(name, states, events);
  }

  /**
   * The transition {@code event} makes from {@code from}.
   *
   * @throws IllegalTransitionException when the table does not list it
   */
  public Transition<S, E> take(S from, E event) {
    S to = next.get(from).get(event);
    if (to == null) {
      throw new IllegalTransitionException(name, from, event);
    }
    return new Transition<>(from, event, to);
  }

  /** Whether the table lists {@code event} in state {@code from}. */
  public boolean allows(S from, E event) {
    return next.get(from).containsKey(event);
  }

  /** Every allowed transition, in the order declared. */
  public Set<Transition<S, E>> transitions() {
    return transitions;
  }

  /** Collects the transitions of a table. */
  public static final class Builder<S extends Enum<S>, E extends Enum<E>> {
    private final String name;
    private final Class<S> states;
    private final Class<E> events;
    private final Map<S, Map<E, S>> next;
    private final Set<Transition<S, E>> transitions = new LinkedHashSet<>();

    private Builder(String name, Class<S> states, Class<E> events) {
      this.name = name;
      this.states = states;
      this.events = events;
      this.next = new EnumMap<>(states);
    }

    /** Allows {@code from --event--> to}; listing a pair twice is a programming error. */
    public Builder<S, E> on(S from, E event, S to) {
      if (next.computeIfAbsent(from, s -> new EnumMap<>(events)).putIfAbsent(event, to) != null) {
        throw new IllegalStateException(name + ": " + from + " on " + event + " is listed twice");
      }
      transitions.add(new Transition<>(from, event, to));
      return this;
    }

    /** Allows each of {@code events} in {@code state}, leaving it unchanged. */
    @SafeVarargs
    public final Builder<S, E> ignore(S state, E... ignored) {
      for (E event : ignored) {
        on(state, event, state);
      }
      return this;
    }

    /** The finished table. */
    public TransitionTable<S, E> build() {
      Map<S, Map<E, S>> frozen = new EnumMap<>(states);
      for (S s : states.getEnumConstants()) {
        frozen.put(s, Collections.unmodifiableMap(next.getOrDefault(s, new EnumMap<>(events))));
      }
      return new TransitionTable<>(name, Collections.unmodifiableMap(frozen), transitions);
    }
  }
}
