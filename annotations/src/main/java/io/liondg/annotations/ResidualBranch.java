package io.liondg.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the branch {@code F} of a residual block {@code y = x + F(x)}.
 *
 * <p>On a field, the field's block is that branch. On a type, every instance of the class is a
 * residual branch wherever it is used. Everything reached through a residual branch lies on the
 * main path: an {@link AuxHead} found there (at any depth) is embedded, not a side tap, and the
 * processor reports {@code [lion:aux-on-residual-path]}. Residual branches are initialized like the
 * backbone; Fixup and ReZero treat them specially.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.TYPE})
public @interface ResidualBranch {}
