package io.liondg.processor.model;

import javax.lang.model.element.AnnotationMirror;

/**
 * One role annotation as written on a field.
 *
 * @param role the role it declares
 * @param mirror the annotation itself, so that diagnostics point at it
 */
public record RoleAnnotation(Role role, AnnotationMirror mirror) {}
