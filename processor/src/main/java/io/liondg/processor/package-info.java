/**
 * The lion-dg annotation processor. {@link io.liondg.processor.RolesProcessor} runs the rounds;
 * {@code model} reads role classes into records, {@code validation} checks them (one class per
 * rule, every message in {@link io.liondg.processor.validation.Message}), and {@code generation}
 * writes each {@code Foo_Roles} with JavaPoet.
 */
package io.liondg.processor;
