package io.liondg.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a child block that lies on the feature path of a deeply-supervised network.
 *
 * <p>Backbone blocks are He-initialized under {@code he} and {@code lion-dg}, and
 * variance-calibrated under {@code lsuv} and {@code hybrid}. The annotated field must be a
 * non-private, non-static field whose type is an {@code ai.djl.nn.Block}. If the field's type is
 * itself a class with role-annotated fields, the processor walks into it and its roles become part
 * of this model's role tree.
 *
 * <pre>{@code
 * @Backbone Block stem = Conv2d.builder().setFilters(24).setKernelShape(new Shape(3, 3)).build();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Backbone {}
