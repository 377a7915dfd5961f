/**
 * What every capability shares: a drop ({@link io.omicsdropzone.domain.Drop}), its status, the dropped object it is
 * about and its snapshot. The capabilities live in subpackages and use this package, never the other way round:
 * {@code pipeline} (which workflow a key runs) sits below it, then {@code batch} (the HealthOmics batch port),
 * {@code notification}, {@code snapshot}, {@code preflight}, {@code tracking}, {@code submission} and, on top,
 * {@code redrive}.
 */
package io.omicsdropzone.domain;
