package io.liondg.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the main classifier head of a model: the output that is evaluated and reported.
 *
 * <p>A class with a {@code @MainHead} (declared or inherited) is a <em>model</em>; exactly one main
 * head is allowed in a model's whole role tree ({@code [lion:multiple-main-heads]} otherwise). The
 * main head is He-initialized under every strategy that He-initializes the backbone; LION-DG never
 * zeroes it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MainHead {}
