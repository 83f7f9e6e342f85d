/**
 * The four role annotations of lion-dg. Put them on the child-block fields of a DJL model; the
 * annotation processor checks their placement at compile time and generates a {@code Foo_Roles}
 * class that the runtime uses to initialize each part by its role.
 */
package io.liondg.annotations;
