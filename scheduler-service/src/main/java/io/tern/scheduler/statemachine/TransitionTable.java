package io.tern.scheduler.statemachine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An explicit lifecycle: every allowed {@code (state, event) → state} pair is listed; anything not
 * listed is illegal. Immutable once built. It remembers which of its transitions this process has
 * taken ({@link #unvisited()}), so the test suite can show that its behaviour tests visit every
 * transition rather than restating the table.
 *
 * @param <S> the state enum
 * @param <E> the event enum
 */
public final class TransitionTable<S extends Enum<S>, E extends Enum<E>> {

  /** One allowed transition. */
  public record Transition<S, E>(S from, E event, S to) {}

  private final String name;
  private final Map<S, Map<E, Transition<S, E>>> table;
  private final Set<Transition<S, E>> transitions;
  private final Set<Transition<S, E>> visited = ConcurrentHashMap.newKeySet();

  private TransitionTable(String name, Map<S, Map<E, Transition<S, E>>> table, Set<Transition<S, E>> transitions) {
    this.name = name;
    this.table = table;
    this.transitions = Collections.unmodifiableSet(transitions);
  }

  /** The lifecycle's name ("job", "attempt"). */
  public String name() {
    return name;
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
    Transition<S, E> t = table.get(from).get(event);
    if (t == null) {
      throw new IllegalTransitionException(name, from, event);
    }
    visited.add(t);
    return t.to();
  }

  /** Whether {@code event} is allowed in state {@code from}. */
  public boolean allows(S from, E event) {
    return table.get(from).containsKey(event);
  }

  /** Every allowed transition, in declaration order. */
  public Set<Transition<S, E>> transitions() {
    return transitions;
  }

  /** The transitions this process has not taken yet, in declaration order. */
  public Set<Transition<S, E>> unvisited() {
    Set<Transition<S, E>> left = new LinkedHashSet<>(transitions);
    left.removeAll(visited);
    return left;
  }

  /** Collects the transitions of a table. */
  public static final class Builder<S extends Enum<S>, E extends Enum<E>> {
    private final String name;
    private final Map<S, Map<E, Transition<S, E>>> table;
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
      Transition<S, E> t = new Transition<>(from, event, to);
      if (table.get(from).putIfAbsent(event, t) != null) {
        throw new IllegalStateException(name + ": duplicate transition " + from + " on " + event);
      }
      transitions.add(t);
      return this;
    }

    /** The finished, immutable table. */
    public TransitionTable<S, E> build() {
      Map<S, Map<E, Transition<S, E>>> frozen = new EnumMap<>(table);
      frozen.replaceAll((s, m) -> Collections.unmodifiableMap(new EnumMap<>((EnumMap<E, Transition<S, E>>) m)));
      return new TransitionTable<>(name, Collections.unmodifiableMap(frozen), transitions);
    }
  }
}
