package io.liondg.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an auxiliary classifier head of a deeply-supervised network.
 *
 * <p>Under LION-DG the <em>last parametric layer</em> of every auxiliary head is zero-initialized.
 * Its loss then sends exactly zero gradient into the backbone at step 0 (the paper's Proposition
 * 1), and its weights grow from zero about linearly (Proposition 2): the auxiliary gradients phase
 * in by themselves, a warm-up with no hyper-parameter.
 *
 * <h2>Side tap, not embedded</h2>
 *
 * An auxiliary head must be a <em>side tap</em>: it reads the output of a backbone block and adds
 * nothing back into the feature path.
 *
 * <pre>{@code
 * // good: a side tap after stage 1; the main path never sees aux1's output
 * @Backbone Block stage1;
 * @AuxHead(tap = "stage1") Block aux1;
 * }</pre>
 *
 * An auxiliary head <em>embedded</em> in a residual branch {@code x + F(x)}, whose output is added
 * back into {@code F}, sits on the main path. Zeroing it cuts the gradient to every layer before it
 * in that branch: a dead zone (the paper's Theorem 1). The processor warns with {@code
 * [lion:aux-on-residual-path]} when an aux head is reached through a {@link ResidualBranch};
 * silence it with {@code @SuppressWarnings("lion:aux-on-residual-path")} only when that is the
 * design you want to study, or make it an error with {@code -Alion.placement=error}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface AuxHead {

  /**
   * The name of the sibling field (a {@link Backbone} or {@link ResidualBranch} field of the same
   * class) whose output this head reads. Empty when the head's input is not one field.
   *
   * @return the tapped field's name, or {@code ""}
   */
  String tap() default "";

  /**
   * This head's weight in the deep-supervision loss. {@code Double.NaN} (the default) means the
   * run's aux weight ({@code --aux-weight}, 0.3 in the paper's protocol).
   *
   * @return the loss weight, or {@code NaN} for the run's default
   */
  double weight() default Double.NaN;
}
